package io.headroom.common.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, keyed by the SHA-256 of the token, each kept until its {@code exp} and
 * never past it (spec/conventions.md: an RS256 verification costs tens of microseconds, a check's
 * budget is about 50). Bounded: when full, expired entries go first, then arbitrary ones.
 *
 * @param <P> what a verified token becomes (the principal)
 */
public final class VerifiedTokenCache<P> {

    private record Entry<P>(P principal, long expiresAtEpochSecond) {
    }

    private final Map<String, Entry<P>> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final Clock clock;

    public VerifiedTokenCache(int capacity, Clock clock) {
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The principal of a token verified before and not yet expired, or null. */
    public P get(String token) {
        String key = digest(token);
        Entry<P> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (clock.instant().getEpochSecond() >= entry.expiresAtEpochSecond()) {
            entries.remove(key, entry);
            return null;
        }
        return entry.principal();
    }

    /** Remembers a token that was just verified; one without an expiry is not cached. */
    public void put(String token, P principal, long expiresAtEpochSecond) {
        if (expiresAtEpochSecond <= clock.instant().getEpochSecond()) {
            return;
        }
        if (entries.size() >= capacity) {
            evict();
        }
        entries.put(digest(token), new Entry<>(principal, expiresAtEpochSecond));
    }

    public int size() {
        return entries.size();
    }

    private void evict() {
        long now = clock.instant().getEpochSecond();
        entries.values().removeIf(entry -> entry.expiresAtEpochSecond() <= now);
        Iterator<String> keys = entries.keySet().iterator();
        while (entries.size() >= capacity && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static String digest(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
