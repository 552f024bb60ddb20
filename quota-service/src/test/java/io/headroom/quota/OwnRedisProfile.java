package io.headroom.quota;

import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** quota-service against {@link OwnRedis}, with the failure policy {@code open} and a short Redis timeout. */
public class OwnRedisProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("headroom.quota.redis-timeout", "100ms", "headroom.quota.redis-failure", "open",
                "quarkus.redis.max-pool-waiting", "100");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OwnRedis.class));
    }

    /** The same, with the failure policy {@code closed}. */
    public static class Closed extends OwnRedisProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("headroom.quota.redis-timeout", "100ms", "headroom.quota.redis-failure", "closed");
        }
    }
}
