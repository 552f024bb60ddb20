package io.headroom.quota.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.PackagedInstance;
import io.headroom.common.testing.Tokens;
import io.headroom.quota.Checks;
import io.vertx.core.json.JsonObject;

/**
 * Exact across instances (spec/quota-service.md §3): two instances of the packaged service
 * (target/quarkus-app) share one Redis and one database; 400 checks released together, half to
 * each, against 100 per minute allow exactly 100.
 */
class TwoInstancesIT {

    private static final List<PackagedInstance> INSTANCES = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        PackagedInstance.signWithTestKey();
        for (int i = 1; i <= 2; i++) {
            INSTANCES.add(PackagedQuota.start("two-instances-" + i,
                    "-Dheadroom.quota.redis-timeout=2s"));
        }
    }

    @AfterAll
    static void stopInstances() {
        for (PackagedInstance instance : INSTANCES) {
            instance.close();
        }
    }

    @Test
    void fourHundredChecksAcrossTwoInstancesAllowExactlyOneHundred() throws Exception {
        String account = Ids.next(Ids.ACCOUNT);
        INSTANCES.get(0).post("/v1/accounts", Tokens.platformAdmin(), new JsonObject().put("id", account)
                .put("name", "Two instances").put("ownerEmail", "owner@acme.test").put("plan", "business"), 201);
        String project = new JsonObject(INSTANCES.get(1).post("/v1/accounts/" + account + "/projects",
                Tokens.owner(account), new JsonObject().put("name", "Shop"), 201)).getString("id");
        warmUp(account);
        Checks.awaitRoom(60, 30);

        String gateway = Tokens.gateway();
        String body = new JsonObject().put("projectId", project).put("kind", "api").encode();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(INSTANCES.get(i % 2).url() + "/v1/checks"))
                    .header("Authorization", "Bearer " + gateway).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }
        // all built first, then sent at once: the 400 are in flight together
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (HttpRequest request : requests) {
            answers.add(PackagedInstance.HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .thenApply(HttpResponse::statusCode));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.add(answer.get(120, TimeUnit.SECONDS));
        }

        Map<Integer, Long> byStatus = statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
        assertThat(byStatus).containsExactlyInAnyOrderEntriesOf(Map.of(200, 100L, 429, 300L));
    }

    /**
     * One check on each instance for another project of the account, so that the burst meets
     * warm instances (connections open, queries prepared) and measures exactness, not a cold start.
     */
    private static void warmUp(String account) throws Exception {
        String other = new JsonObject(INSTANCES.get(0).post("/v1/accounts/" + account + "/projects",
                Tokens.owner(account), new JsonObject().put("name", "Warm-up"), 201)).getString("id");
        for (PackagedInstance instance : INSTANCES) {
            instance.post("/v1/checks", Tokens.gateway(),
                    new JsonObject().put("projectId", other).put("kind", "api"), 200);
        }
    }
}
