package io.headroom.quota.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.Tokens;
import io.headroom.quota.Checks;
import io.vertx.core.json.JsonObject;

/**
 * Exact across instances (spec/quota-service.md §3): two instances of the packaged service
 * (target/quarkus-app) share one Redis and one database; 400 checks released together, half to
 * each, against 100 per minute allow exactly 100.
 */
class TwoInstancesIT {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String KEYS = Path.of("..", "common", "src", "test", "resources", "headroom-test")
            .toAbsolutePath().normalize().toString();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<Process> INSTANCES = new ArrayList<>();
    private static final List<String> URLS = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        System.setProperty("smallrye.jwt.sign.key.location", "file:" + KEYS + "/jwt-private.pem");
        for (int i = 1; i <= 2; i++) {
            int port = sparePort();
            Process instance = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC",
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/headroom_quota_test",
                    "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/headroom_quota_test",
                    "-Dmp.jwt.verify.publickey.location=" + KEYS + "/jwt-public.pem",
                    "-Dheadroom.quota.redis-timeout=2s",
                    "-Dheadroom.management-limit.per-minute=0",
                    "-jar", APP.toString())
                    .redirectErrorStream(true).redirectOutput(new File("target/two-instances-" + i + ".log")).start();
            INSTANCES.add(instance);
            URLS.add("http://127.0.0.1:" + port);
            awaitReady(URLS.get(i - 1), instance);
        }
    }

    @AfterAll
    static void stopInstances() throws InterruptedException {
        for (Process instance : INSTANCES) {
            instance.destroy();
            instance.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void fourHundredChecksAcrossTwoInstancesAllowExactlyOneHundred() throws Exception {
        String account = Ids.next(Ids.ACCOUNT);
        post(URLS.get(0), "/v1/accounts", Tokens.platformAdmin(), new JsonObject().put("id", account)
                .put("name", "Two instances").put("ownerEmail", "owner@acme.test").put("plan", "business"), 201);
        String project = new JsonObject(post(URLS.get(1), "/v1/accounts/" + account + "/projects",
                Tokens.owner(account), new JsonObject().put("name", "Shop"), 201)).getString("id");
        Checks.awaitRoom(60, 30);

        String gateway = Tokens.gateway();
        String body = new JsonObject().put("projectId", project).put("kind", "api").encode();
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            requests.add(HttpRequest.newBuilder(URI.create(URLS.get(i % 2) + "/v1/checks"))
                    .header("Authorization", "Bearer " + gateway).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }
        // all built first, then sent at once: the 400 are in flight together
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (HttpRequest request : requests) {
            answers.add(HTTP.sendAsync(request, HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Integer> answer : answers) {
            statuses.add(answer.get(120, TimeUnit.SECONDS));
        }

        assertThat(statuses).filteredOn(s -> s == 200).hasSize(100);
        assertThat(statuses).filteredOn(s -> s == 429).hasSize(300);
    }

    private static String post(String base, String path, String token, JsonObject body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
        return response.body();
    }

    private static void awaitReady(String base, Process instance) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(instance.isAlive()).as("the instance at %s exited; see target/two-instances-*.log", base).isTrue();
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(base + " did not become ready within 90 s");
    }

    private static int sparePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
