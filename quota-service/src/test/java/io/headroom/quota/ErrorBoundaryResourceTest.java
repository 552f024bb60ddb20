package io.headroom.quota;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.SecurityContract;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Every kind of bad request answers problem+json, never a 500. */
@QuarkusTest
class ErrorBoundaryResourceTest {

    private static final String ADMIN = "Bearer " + Tokens.platformAdmin();

    @Test
    void everyBusinessEndpointAnswers401WithoutAValidToken() {
        assertThat(SecurityContract.assertEveryOperationRequiresAValidToken()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void malformedJsonIsAValidationProblem() {
        assertProblem(given().contentType(ContentType.JSON).header("Authorization", ADMIN)
                .body("{\"name\": \"unterminated").post("/v1/accounts"), 400, "validation");
        assertProblem(given().contentType(ContentType.JSON).header("Authorization", ADMIN)
                .body("[1,2,3]").post("/v1/accounts"), 400, "validation");
    }

    @Test
    void aMissingBodyIsAValidationProblem() {
        assertProblem(given().contentType(ContentType.JSON).header("Authorization", ADMIN)
                .post("/v1/accounts"), 400, "validation");
    }

    @Test
    void anUnknownPathIsNotFound() {
        assertProblem(given().header("Authorization", ADMIN).get("/v1/nothing-here"), 404, "not-found");
        assertProblem(given().get("/no/such/page"), 404, "not-found");
    }

    @Test
    void aWrongMethodIsMethodNotAllowedWithAllow() {
        Response response = given().header("Authorization", ADMIN).delete("/v1/plans");
        assertProblem(response, 405, null);
        assertThat(response.header("Allow")).contains("GET");
    }

    @Test
    void aWrongContentTypeIsUnsupported() {
        assertProblem(given().contentType(ContentType.TEXT).header("Authorization", ADMIN)
                .body("name=x").post("/v1/accounts"), 415, null);
    }

    @Test
    void unauthorizedAnswersCarryTheBearerChallenge() {
        Response response = given().get("/v1/plans");
        assertProblem(response, 401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void operationalEndpointsStayWhereQuarkusPutsThem() {
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
