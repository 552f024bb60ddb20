package io.headroom.distribution;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.SecurityContract;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AccountProjectionResourceTest {

    @Test
    void everyBusinessEndpointAnswers401WithoutAValidToken() {
        assertThat(SecurityContract.assertEveryOperationRequiresAValidToken()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyThePlatformAdminReadsProjections() {
        assertProblem(given().header("Authorization", "Bearer " + Tokens.owner("acc_a")).get("/v1/accounts/acc_a"),
                403, "forbidden");
        assertProblem(given().header("Authorization", "Bearer " + Tokens.gateway()).get("/v1/accounts/acc_a"),
                403, "forbidden");
    }

    @Test
    void anUnknownAccountIsNotFound() {
        assertProblem(given().header("Authorization", "Bearer " + Tokens.platformAdmin())
                .get("/v1/accounts/acc_neverseen"), 404, "not-found");
    }

    @Test
    void unknownPathsAndMethodsAnswerProblems() {
        assertProblem(given().get("/v1/nothing"), 404, "not-found");
        assertProblem(given().header("Authorization", "Bearer " + Tokens.platformAdmin())
                .delete("/v1/accounts/acc_a"), 405, null);
    }
}
