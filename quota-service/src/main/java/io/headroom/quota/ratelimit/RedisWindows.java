package io.headroom.quota.ratelimit;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * The windows' counts in Redis: one {@code EVALSHA} of {@code redis/decide.lua} per decision,
 * counting in every window or in none.
 */
@ApplicationScoped
public class RedisWindows {

    private static final LuaScript DECIDE = LuaScript.fromClasspath("redis/decide.lua");
    private static final LuaScript SEED = LuaScript.fromClasspath("redis/seed.lua");
    private static final int REBUILD = -1;

    private final RedisGate redis;

    public RedisWindows(RedisGate redis) {
        this.redis = redis;
    }

    /** The reply of one decision script call. */
    public sealed interface Reply permits Counted, RebuildNeeded {
        long nowMillis();
    }

    /** The windows' counts after the decision (untouched when refused). */
    public record Counted(boolean allowed, List<WindowCount> counts, long nowMillis) implements Reply {
    }

    /** Nothing was counted: Redis does not hold {@code window}'s period, which must be rebuilt first. */
    public record RebuildNeeded(Window window, long nowMillis) implements Reply {
    }

    /**
     * Counts {@code cost} in every window if it fits them all (or always, unless {@code enforce});
     * a cost of 0 only reads.
     */
    public Uni<Reply> decide(List<Window> windows, long cost, boolean enforce) {
        List<String> args = new ArrayList<>(2 + windows.size() * 4);
        args.add(Long.toString(cost));
        args.add(enforce ? "1" : "0");
        List<String> keys = new ArrayList<>(windows.size());
        for (Window window : windows) {
            keys.add(window.key());
            args.add(Long.toString(window.limit()));
            args.add(Long.toString(window.lengthSeconds()));
            args.add(Long.toString(window.start()));
            args.add(Long.toString(window.end()));
        }
        return evalsha(DECIDE, keys, args).map(reply -> read(reply, windows));
    }

    /** Puts a rebuilt count into {@code window} unless another caller already did. */
    public Uni<Void> seed(Window window, long count) {
        return evalsha(SEED, List.of(window.key()), List.of(Long.toString(window.start()),
                Long.toString(window.end()), Long.toString(count))).replaceWithVoid();
    }

    private static Reply read(Response reply, List<Window> windows) {
        long status = reply.get(0).toLong();
        long nowMillis = reply.get(1).toLong() * 1000 + reply.get(2).toLong() / 1000;
        if (status == REBUILD) {
            return new RebuildNeeded(windows.get(reply.get(3).toInteger() - 1), nowMillis);
        }
        List<WindowCount> counts = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            counts.add(new WindowCount(windows.get(i), reply.get(3 + 2 * i).toLong(), reply.get(4 + 2 * i).toLong()));
        }
        return new Counted(status == 1, counts, nowMillis);
    }

    private Uni<Response> evalsha(LuaScript script, List<String> keys, List<String> args) {
        return script.call(redis, keys, args);
    }
}
