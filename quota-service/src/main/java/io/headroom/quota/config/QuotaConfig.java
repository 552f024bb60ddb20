package io.headroom.quota.config;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The configuration of quota-service (keys under {@code headroom.}). */
@ConfigMapping(prefix = "headroom")
public interface QuotaConfig {

    /** {@code production} enforces every limit; on {@code staging} nothing is refused, usage is still counted. */
    @WithDefault("production")
    Environment environment();

    /** The plan catalog, by plan name ({@code trial}, {@code business}, {@code organization}). */
    Map<String, PlanValues> plans();

    /** The rate-limit check and its stores. */
    Checks quota();

    /** What a check answers while Redis cannot be reached. */
    enum RedisFailure {
        /** Allowed, {@code "enforced": false}, counted in a metric. */
        OPEN,
        /** 503 {@code unavailable} with {@code Retry-After}. */
        CLOSED
    }

    /** Settings of {@code POST /v1/checks} (keys under {@code headroom.quota.}). */
    interface Checks {
        /** How long a check may wait for Redis before the failure policy answers. */
        @WithDefault("50ms")
        Duration redisTimeout();

        /** {@code open} (allowed, not enforced) or {@code closed} (503) while Redis is unreachable. */
        @WithDefault("open")
        RedisFailure redisFailure();

        /** The Sandbox project's fixed hourly limit, which no package raises. */
        @WithDefault("100")
        long sandboxCallsPerHour();

        /** How often counted calls are written to PostgreSQL and usage snapshots published. */
        @WithDefault("1s")
        Duration flushInterval();

        /** How old a project's cached plan data may get before it is read again. */
        @WithDefault("3s")
        Duration policyRefresh();

        /** How many projects' plan data each instance keeps. */
        @WithDefault("100000")
        int policyCacheSize();

        /** The prefix of every Redis key this service writes. */
        @WithDefault("hr:")
        String keyPrefix();
    }

    /** Where quotas are enforced. */
    enum Environment {
        PRODUCTION, STAGING
    }

    /** One plan's numbers; 0 means no limit of that kind. */
    interface PlanValues {
        /** API calls per minute ({@code api_calls}). */
        @WithDefault("0")
        long apiCallsPerMinute();

        /** API calls per hour ({@code api_calls}), 0 when the plan has no hourly window. */
        @WithDefault("0")
        long apiCallsPerHour();

        /** API calls per billing cycle ({@code api_calls_cycle}). */
        @WithDefault("0")
        long apiCallsPerCycle();

        /** Bulk API calls per hour ({@code bulk_api_calls}). */
        @WithDefault("0")
        long bulkApiCallsPerHour();

        /** Webhook calls from integrations per day ({@code webhook_calls}). */
        @WithDefault("0")
        long webhookCallsPerDay();

        /** Metered redemptions per cycle (soft). */
        @WithDefault("0")
        long redemptionsPerCycle();

        /** Client-side calls per client IP in each window of {@link #clientWindowSeconds}. */
        @WithDefault("5")
        long clientCallsPerIp();

        /** The client-IP window in seconds. */
        @WithDefault("5")
        long clientWindowSeconds();

        /** Messages per day, for accounts on legacy pricing. */
        @WithDefault("0")
        long distributionsPerDay();

        /** Messages per month, for accounts on legacy pricing. */
        @WithDefault("0")
        long distributionsPerMonth();
    }
}
