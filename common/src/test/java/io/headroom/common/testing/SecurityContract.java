package io.headroom.common.testing;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Walks a running service's OpenAPI document and calls every {@code /v1} and {@code /integrator}
 * operation without a token, with a forged token and with an expired one: each must answer 401
 * problem+json. New endpoints are covered as soon as they exist.
 */
public final class SecurityContract {

    private SecurityContract() {
    }

    /** Every business operation as "METHOD /path", path parameters filled with unknown ids. */
    public static List<String[]> operations() {
        JsonPath openapi = given().accept(ContentType.JSON).get("/q/openapi?format=json").jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<String[]> operations = new ArrayList<>();
        paths.forEach((path, methods) -> {
            if (path.startsWith("/v1") || path.startsWith("/integrator")) {
                for (String method : methods.keySet()) {
                    if (List.of("get", "post", "put", "patch", "delete").contains(method)) {
                        operations.add(new String[] {method.toUpperCase(), path.replaceAll("\\{[^}]+}", "unknown_1")});
                    }
                }
            }
        });
        return operations;
    }

    /** Asserts every operation answers 401 without, with a forged and with an expired token; returns how many. */
    public static int assertEveryOperationRequiresAValidToken() {
        List<String[]> operations = operations();
        if (operations.isEmpty()) {
            throw new AssertionError("the OpenAPI document lists no /v1 or /integrator operation");
        }
        for (String[] operation : operations) {
            for (String token : new String[] {null, Tokens.forged(), Tokens.expired("acc_x"), "not-a-jwt"}) {
                var request = given().contentType(ContentType.JSON).body("{}");
                if (token != null) {
                    request = request.header("Authorization", "Bearer " + token);
                }
                Response response = request.request(operation[0], operation[1]);
                try {
                    Problems.assertProblem(response, 401, "unauthorized");
                } catch (AssertionError e) {
                    throw new AssertionError(operation[0] + " " + operation[1] + " with "
                            + (token == null ? "no token" : "a bad token") + ": " + e.getMessage(), e);
                }
            }
        }
        return operations.size();
    }
}
