package io.headroom.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Problems;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** With {@code headroom.quota.redis-failure=closed}, a check Redis cannot decide is a 503 with {@code Retry-After}. */
@QuarkusTest
@TestProfile(OwnRedisProfile.Closed.class)
class RedisOutageClosedTest {

    @Test
    void aFrozenRedisGetsServiceUnavailableAndThenNormalDecisions() {
        String project = Checks.projectOn("business");
        assertThat(Checks.check(project, "api").statusCode()).isEqualTo(200);

        OwnRedis.freeze();
        try {
            for (int call = 0; call < 5; call++) {
                Response closed = RestAssured.given(Fixtures.asAdmin().config(RedisOutageTest.FIVE_SECONDS))
                        .body("{\"projectId\":\"" + project + "\",\"kind\":\"api\"}").post("/v1/checks");
                Problems.assertProblem(closed, 503, "unavailable");
                assertThat(Long.parseLong(closed.header("Retry-After"))).isGreaterThanOrEqualTo(1);
            }
        } finally {
            OwnRedis.thaw();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(Checks.check(project, "api").statusCode()).isEqualTo(200));
    }
}
