package io.headroom.distribution;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.headroom.common.testing.RecordingTarget;
import io.vertx.core.json.JsonObject;

/**
 * What the SMS gateway stand-in ({@link SmsGateway}, path {@code /sms}) and the webhook receivers
 * on the same target saw, picked out by a test's own phone numbers, message ids or path: the target
 * is shared by every test class of the JVM.
 */
final class GatewayHits {

    /** Phone numbers no other test of this JVM uses (E.164, 13 digits). */
    private static final AtomicLong NEXT_PHONE = new AtomicLong(
            ThreadLocalRandom.current().nextLong(100_000_000L, 800_000_000L));

    private GatewayHits() {
    }

    /** {@code n} phone numbers used by no other test of this JVM (unlike {@link Sender#phones}). */
    static List<String> phones(int n) {
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            phones.add("+4917" + NEXT_PHONE.getAndIncrement());
        }
        return phones;
    }

    /** A webhook path of its own on the shared target: {@code /hooks/<name>-<random>}. */
    static String hookPath(String name) {
        return "/hooks/" + name + "-" + UUID.randomUUID();
    }

    /** The URL of {@code path} on the shared target. */
    static String url(String path) {
        return target().url(path);
    }

    static RecordingTarget target() {
        return SmsGateway.target();
    }

    /** The SMS gateway's requests whose JSON {@code to} is {@code phone}, in arrival order. */
    static List<RecordingTarget.Hit> smsTo(String phone) {
        return target().hits(SmsGateway.PATH).stream().filter(hit -> phone.equals(json(hit).getString("to"))).toList();
    }

    /** The SMS gateway's requests whose {@code Idempotency-Key} is one of {@code messageIds}, in arrival order. */
    static List<RecordingTarget.Hit> sms(Collection<String> messageIds) {
        Set<String> ids = Set.copyOf(messageIds);
        return target().hits(SmsGateway.PATH).stream().filter(hit -> ids.contains(hit.header("Idempotency-Key")))
                .toList();
    }

    /** The JSON body of a request; an empty object when it is not JSON (another test's noise). */
    static JsonObject json(RecordingTarget.Hit hit) {
        try {
            return new JsonObject(hit.body());
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }
}
