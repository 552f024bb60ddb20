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
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.vertx.core.json.JsonObject;

/**
 * One instance of the packaged service (target/quarkus-app/quarkus-run.jar) in a JVM of its own, for
 * the failsafe ITs: on a spare port, against the test database and the test key pair, with the
 * caller's {@code -D} overrides, its output in {@code target/<name>.log}. {@link #start} returns once
 * {@code /q/health/ready} answers 200; {@link #stop} is a graceful stop (SIGTERM).
 */
final class PackagedInstance implements AutoCloseable {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final String KEYS = Path.of("..", "common", "src", "test", "resources", "headroom-test")
            .toAbsolutePath().normalize().toString();
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(20);

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String url;
    private final File log;

    private PackagedInstance(Process process, String url, File log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** Lets {@code Tokens} sign with the test key the instances verify with: once, before minting. */
    static void signWithTestKey() {
        System.setProperty("smallrye.jwt.sign.key.location", "file:" + KEYS + "/jwt-private.pem");
    }

    /** Starts an instance logging to {@code target/<logName>.log} and waits until it is ready. */
    static PackagedInstance start(String logName, String... overrides) throws Exception {
        int port = sparePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:5432/headroom_quota_test",
                "-Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/headroom_quota_test",
                "-Dmp.jwt.verify.publickey.location=" + KEYS + "/jwt-public.pem",
                // never a queue of a running dev suite: the packaged jar runs the production profile
                "-Dheadroom.management-limit.per-minute=0",
                "-Dheadroom.outbound.allow-private-addresses=true",
                "-Dheadroom.webhooks.routing-key=it.quota.webhook-call",
                "-Dmp.messaging.incoming.webhook-calls.queue.name=it.quota.webhook-calls",
                "-Dmp.messaging.incoming.webhook-calls.dead-letter-queue-name=it.quota.webhook-calls.dlq",
                "-Dmp.messaging.incoming.webhook-calls.dead-letter-routing-key=it.quota.webhook-calls"));
        command.addAll(Arrays.asList(overrides));
        command.addAll(List.of("-jar", APP.toString()));
        File log = new File("target/" + logName + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
        PackagedInstance instance = new PackagedInstance(process, "http://127.0.0.1:" + port, log);
        try {
            instance.awaitReady();
        } catch (Throwable notReady) {
            instance.close();
            throw notReady;
        }
        return instance;
    }

    /** The base URL, {@code http://127.0.0.1:<port>}. */
    String url() {
        return url;
    }

    /**
     * Stops the instance as an orchestrator does (SIGTERM) and waits for it to exit. True when it
     * exited within {@code within}; otherwise it is killed (SIGKILL) and the answer is false.
     */
    boolean stop(Duration within) throws InterruptedException {
        process.destroy();
        if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /** Stops it if it still runs (for {@code @AfterAll} and {@code finally}); killed when interrupted. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop(CLOSE_WITHIN);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    HttpResponse<String> send(String method, String path, String token, JsonObject body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends the request, asserts the status and returns the body. */
    String send(String method, String path, String token, JsonObject body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, path, token, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    String post(String path, String token, JsonObject body, int expected) throws IOException, InterruptedException {
        return send("POST", path, token, body, expected);
    }

    String put(String path, String token, JsonObject body, int expected) throws IOException, InterruptedException {
        return send("PUT", path, token, body, expected);
    }

    String get(String path, String token, int expected) throws IOException, InterruptedException {
        return send("GET", path, token, null, expected);
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("the instance at %s exited; see %s", url, log).isTrue();
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready"))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " did not become ready within " + READY_WITHIN.toSeconds()
                + " s; see " + log);
    }

    private static int sparePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
