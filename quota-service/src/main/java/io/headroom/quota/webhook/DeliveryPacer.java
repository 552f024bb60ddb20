package io.headroom.quota.webhook;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.quota.config.QuotaConfig;
import io.headroom.quota.ratelimit.LuaScript;
import io.headroom.quota.ratelimit.RedisGate;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Gives a project's deliveries their turns, at most {@link DeliveryRate#limit()} per clock-aligned
 * window, counted in Redis by {@code redis/pace.lua} so that every instance shares one count. A call
 * that finds the current window full holds a place in a later one, spread over that window, and
 * waits for it: a backlog is planned once instead of retried every window.
 */
@ApplicationScoped
public class DeliveryPacer {

    private static final LuaScript PACE = LuaScript.fromClasspath("redis/pace.lua");

    /** A call's turn: now ({@code waitMillis} 0), or a held place in {@code window} after {@code waitMillis}. */
    public record Turn(long waitMillis, long window) {

        public boolean now() {
            return waitMillis <= 0;
        }
    }

    private final RedisGate redis;
    private final String keyPrefix;

    public DeliveryPacer(RedisGate redis, QuotaConfig config) {
        this.redis = redis;
        this.keyPrefix = config.quota().keyPrefix();
    }

    /** The call's turn; {@code heldWindow} is the window it holds a place in, or null. */
    public Uni<Turn> turn(String projectId, DeliveryRate rate, Long heldWindow) {
        return PACE.call(redis, List.of(key(projectId)), List.of(Long.toString(rate.limit()),
                Long.toString(rate.windowMillis()), Long.toString(rate.spreadMillis()),
                Long.toString(heldWindow == null ? -1 : heldWindow)))
                .map(DeliveryPacer::read);
    }

    /** The project's pacing key; the hash tag keeps it in the project's Redis Cluster slot. */
    String key(String projectId) {
        return keyPrefix + "{" + projectId + "}:webhook:pace";
    }

    private static Turn read(Response reply) {
        return new Turn(reply.get(0).toLong(), reply.get(1).toLong());
    }
}
