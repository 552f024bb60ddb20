package io.headroom.quota.ratelimit;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.ratelimit.ManagementLimit;
import io.headroom.common.ratelimit.ManagementLimiter;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.quota.config.QuotaConfig;
import io.smallrye.mutiny.Uni;

/**
 * The management-API limit counted in Redis, so it holds across instances: the same script as a
 * check, with one fixed window per caller. If Redis does not answer in time the request goes
 * through: the management APIs do not stop because the rate-limit store did.
 */
@ApplicationScoped
public class RedisManagementLimiter implements ManagementLimiter {

    private final RedisWindows redis;
    private final QuotaConfig.Checks config;

    public RedisManagementLimiter(RedisWindows redis, QuotaConfig config) {
        this.redis = redis;
        this.config = config.quota();
    }

    @Override
    public Uni<RateLimitStatus> take(String callerKey, long limit, long windowSeconds) {
        Window window = Window.fixed(LimitType.API_CALLS, config.keyPrefix() + "{mgmt:" + callerKey + "}:w" + windowSeconds,
                limit, windowSeconds);
        return redis.decide(List.of(window), 1, true)
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(reply -> {
                    RedisWindows.Counted counted = (RedisWindows.Counted) reply;
                    WindowCount count = counted.counts().get(0);
                    return new RateLimitStatus(ManagementLimit.TYPE, limit, count.remaining(), count.resetAt(),
                            windowSeconds, !counted.allowed(), counted.nowMillis());
                })
                .onFailure().recoverWithNull();
    }
}
