package io.headroom.quota;

import static io.headroom.quota.Checks.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;

/**
 * Redis unreachable (spec/quota-service.md §3), on the test's own Redis: with the policy
 * {@code open} every check is answered, allowed and unenforced, never a 500 or a hang; refusals
 * already known here are still served; decisions return to normal by themselves.
 */
@QuarkusTest
@TestProfile(OwnRedisProfile.class)
class RedisOutageTest {

    /** A hung request fails the test instead of hanging it. */
    static final RestAssuredConfig FIVE_SECONDS = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 5_000).setParam("http.connection.timeout", 5_000));

    @AfterEach
    void redisBack() {
        OwnRedis.thaw();
        if ("".equals(pingQuietly())) {
            OwnRedis.startServer();
        }
    }

    @Test
    void aFrozenRedisGetsOpenAnswersAndKnownRefusalsAndThenNormalDecisionsAgain() throws Exception {
        String project = Checks.project(Checks.account("enterprise", "{\"apiCallsPerMinute\":3}"));
        String other = Checks.projectOn("business");
        Checks.awaitRoom(60, 30);
        for (int call = 1; call <= 3; call++) {
            assertThat(check(project, "api").statusCode()).isEqualTo(200);
        }
        assertThat(check(project, "api").statusCode()).isEqualTo(429);
        assertThat(check(other, "api").statusCode()).as("warm: plan data and cycle are known").isEqualTo(200);

        OwnRedis.freeze();
        try {
            for (int call = 0; call < 20; call++) {
                Response open = RestAssured.given(Fixtures.asAdmin().config(FIVE_SECONDS))
                        .body("{\"projectId\":\"" + other + "\",\"kind\":\"api\"}").post("/v1/checks");
                assertThat(open.statusCode()).isEqualTo(200);
                assertThat(open.jsonPath().getBoolean("allowed")).isTrue();
                assertThat(open.jsonPath().getBoolean("enforced")).isFalse();
                assertThat(open.header("X-Headroom-Enforced")).isEqualTo("false");
            }
            Response known = check(project, "api");
            assertThat(known.statusCode()).as("a refusal known here needs no Redis").isEqualTo(429);
            assertThat(known.jsonPath().getBoolean("enforced")).isTrue();
            assertThat(known.header("X-Rate-Limit-Type")).isEqualTo("api_calls");
        } finally {
            OwnRedis.thaw();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response back = check(other, "api");
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.jsonPath().getBoolean("enforced")).isTrue();
        });
    }

    @Test
    void aStoppedRedisGetsOpenAnswersAndARestartedOneIsUsedAgain() {
        String project = Checks.projectOn("business");
        assertThat(check(project, "api").jsonPath().getBoolean("enforced")).isTrue();

        OwnRedis.stopServer();
        for (int call = 0; call < 10; call++) {
            Response open = RestAssured.given(Fixtures.asAdmin().config(FIVE_SECONDS))
                    .body("{\"projectId\":\"" + project + "\",\"kind\":\"api\"}").post("/v1/checks");
            assertThat(open.statusCode()).isEqualTo(200);
            assertThat(open.jsonPath().getBoolean("enforced")).isFalse();
        }
        OwnRedis.startServer();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Response back = check(project, "api");
            assertThat(back.statusCode()).isEqualTo(200);
            assertThat(back.jsonPath().getBoolean("enforced")).as("scripts reloaded, cycle rebuilt").isTrue();
        });
    }

    private static String pingQuietly() {
        try {
            Process ping = new ProcessBuilder("redis-cli", "-p", portOf(), "PING").redirectErrorStream(true).start();
            String out = new String(ping.getInputStream().readAllBytes()).trim();
            return out.contains("PONG") ? out : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private static String portOf() {
        String hosts = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("quarkus.redis.hosts",
                String.class);
        return hosts.substring(hosts.lastIndexOf(':') + 1);
    }
}
