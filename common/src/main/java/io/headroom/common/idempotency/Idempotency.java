package io.headroom.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.problem.Problems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * {@code Idempotency-Key} for POSTs that count or send (spec/conventions.md): within 24 hours a
 * repeat with the same key and body returns the first answer and counts nothing again; the same
 * key with another body is a 409. Runs inside the caller's transaction, so the record and the
 * counting commit together; a concurrent repeat waits on the key's row and then sees the answer.
 * A request that was refused leaves no record: its retry is decided afresh.
 */
@ApplicationScoped
public class Idempotency {

    /** How long a key is remembered. */
    public static final Duration WINDOW = Duration.ofHours(24);

    private final ObjectMapper mapper;
    private final Clock clock;

    public Idempotency(ObjectMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Runs {@code action} unless {@code key} was already used in {@code scope} (an account, say) for
     * the same {@code request}; {@code key} null means no idempotency asked.
     */
    public <T> Uni<T> once(String scope, String key, Object request, Class<T> answerType, Supplier<Uni<T>> action) {
        if (key == null) {
            return action.get();
        }
        if (key.isEmpty() || key.length() > 255) {
            return Uni.createFrom().failure(Problems.invalid("Idempotency-Key", "must be 1 to 255 characters"));
        }
        String fingerprint = fingerprint(request);
        Instant now = clock.instant();
        return claim(scope, key, fingerprint, now).chain(claimed -> claimed
                ? action.get().call(answer -> remember(scope, key, answer))
                : replay(scope, key, fingerprint, answerType));
    }

    private static Uni<Boolean> claim(String scope, String key, String fingerprint, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into idempotency_record (scope, idem_key, request_hash, response, created_at)"
                        + " values (:scope, :key, :hash, null, :now)"
                        + " on conflict (scope, idem_key) do update set request_hash = excluded.request_hash,"
                        + " response = null, created_at = excluded.created_at"
                        + " where idempotency_record.created_at < :expired")
                .setParameter("scope", scope).setParameter("key", key).setParameter("hash", fingerprint)
                .setParameter("now", now).setParameter("expired", now.minus(WINDOW))
                .executeUpdate())
                .map(rows -> rows == 1);
    }

    private Uni<Void> remember(String scope, String key, Object answer) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "update idempotency_record set response = :response where scope = :scope and idem_key = :key")
                .setParameter("response", toJson(answer)).setParameter("scope", scope).setParameter("key", key)
                .executeUpdate())
                .replaceWithVoid();
    }

    private <T> Uni<T> replay(String scope, String key, String fingerprint, Class<T> answerType) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "select request_hash, response from idempotency_record where scope = :scope and idem_key = :key",
                Object[].class)
                .setParameter("scope", scope).setParameter("key", key)
                .getSingleResult())
                .map(row -> {
                    if (!fingerprint.equals(row[0])) {
                        throw Problems.conflict("Idempotency-Key " + key + " was used with another request");
                    }
                    return fromJson((String) row[1], answerType);
                });
    }

    private String fingerprint(Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(toJson(request).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    private String toJson(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T fromJson(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
