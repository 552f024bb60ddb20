package io.headroom.quota;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;

/** A token verified once is served from the cache on its next uses (spec/conventions.md). */
@QuarkusTest
class TokenCacheResourceTest {

    @Inject
    MeterRegistry registry;

    @Test
    void aTokenIsVerifiedOnceAndThenReused() {
        String token = Tokens.owner("acc_cache");
        double verificationsBefore = registry.counter("headroom.jwt.verifications").count();
        double hitsBefore = registry.counter("headroom.jwt.cache.hits").count();

        for (int i = 0; i < 3; i++) {
            given().header("Authorization", "Bearer " + token).get("/v1/plans").then().statusCode(200);
        }

        assertThat(registry.counter("headroom.jwt.verifications").count() - verificationsBefore).isEqualTo(1);
        assertThat(registry.counter("headroom.jwt.cache.hits").count() - hitsBefore).isEqualTo(2);
    }

    @Test
    void aForgedTokenIsNeverCached() {
        String forged = Tokens.forged();
        double hitsBefore = registry.counter("headroom.jwt.cache.hits").count();

        for (int i = 0; i < 2; i++) {
            given().header("Authorization", "Bearer " + forged).get("/v1/plans").then().statusCode(401);
        }

        assertThat(registry.counter("headroom.jwt.cache.hits").count() - hitsBefore).isZero();
    }
}
