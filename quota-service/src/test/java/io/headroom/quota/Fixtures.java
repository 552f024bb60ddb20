package io.headroom.quota;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Requests the quota-service tests share. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String newAccountId() {
        return Ids.next(Ids.ACCOUNT);
    }

    /** A JSON request carrying {@code token}. */
    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    public static RequestSpecification asAdmin() {
        return as(Tokens.platformAdmin());
    }

    /** Creates an account as platform-admin; the response of {@code POST /v1/accounts}. */
    public static Response createAccount(String id, String plan) {
        return asAdmin().body("""
                {"id":"%s","name":"Acme %s","ownerEmail":"owner@acme.test","plan":"%s"}
                """.formatted(id, id, plan)).post("/v1/accounts");
    }

    /** A new account whose integrator features are on with the given tier body. */
    public static String integrator(String settingsJson) {
        String id = newAccountId();
        assertThat(createAccount(id, "business").statusCode()).isEqualTo(201);
        asAdmin().body(settingsJson).put("/v1/accounts/" + id + "/integrator").then().statusCode(200);
        return id;
    }

    public static String freeIntegrator() {
        return integrator("{\"enabled\":true,\"tier\":\"free\"}");
    }

    public static String customIntegrator(long orgs, long processes, long votes, long emails, long sms) {
        return integrator("""
                {"enabled":true,"tier":"custom","limits":{"maxManagedOrgs":%d,"maxManagedProcesses":%d,
                 "maxVotes":%d,"maxEmails":%d,"maxSMS":%d}}
                """.formatted(orgs, processes, votes, emails, sms));
    }

    /** Creates an organization as the account's owner; its id. */
    public static String organization(String accountId) {
        Response created = as(Tokens.owner(accountId)).body("{\"name\":\"Org\"}").post("/integrator/organizations");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }

    /** Creates a process in the organization as the account's owner; its id. */
    public static String process(String accountId, String orgId) {
        Response created = as(Tokens.owner(accountId)).body("{\"title\":\"Election\"}")
                .post("/integrator/organizations/" + orgId + "/processes");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        return created.jsonPath().getString("id");
    }

    public static Response overview(String accountId) {
        return as(Tokens.owner(accountId)).get("/integrator");
    }

    /**
     * Runs {@code calls} requests released together by a latch, from {@code threads} threads; the
     * status codes in call order.
     */
    public static List<Integer> concurrently(int calls, int threads, IntFunction<Response> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.apply(n).statusCode();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
