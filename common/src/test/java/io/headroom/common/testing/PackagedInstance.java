package io.headroom.common.testing;

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
 * One instance of a packaged service (target/quarkus-app/quarkus-run.jar of the module the failsafe
 * ITs run in, or its native executable in the {@code native} profile) in a process of its own: on
 * a spare port, against the service's test database (created when missing) and the test key pair,
 * with the service's isolation overrides and the caller's {@code -D} overrides, its output in
 * {@code target/<name>.log}. {@link Service#start} returns once
 * {@code /q/health/ready} answers 200; {@link #stop} is a graceful stop (SIGTERM), {@link #kill} a
 * crash (SIGKILL).
 *
 * <p>The packaged jar runs the production profile: a service's isolation overrides must give every
 * incoming channel a queue of its own ({@code it.} names), so that the instances never take the
 * messages of a running dev suite or of the QuarkusTests, nor leave theirs in those queues.
 */
public final class PackagedInstance implements AutoCloseable {

    private static final Path APP = Path.of("target", "quarkus-app", "quarkus-run.jar");
    /**
     * The native executable the failsafe plugin names in the {@code native} profile: when set, the
     * instances run it instead of the jar.
     */
    private static final String NATIVE_IMAGE = System.getProperty("native.image.path");
    /** The test key pair, found from any service module (the failsafe working directory). */
    private static final String KEYS = Path.of("..", "common", "src", "test", "resources", "headroom-test")
            .toAbsolutePath().normalize().toString();
    private static final String DATABASE_SERVER = "127.0.0.1:5432";
    private static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(20);
    private static final Duration KILLED_WITHIN = Duration.ofSeconds(30);

    public static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What every instance of one service starts with: its test database and the {@code -D} overrides
     * that isolate it (its own queues, routing keys, limits off). Keep one per service, e.g.
     * {@code PackagedInstance.service("headroom_quota_test", "-Dheadroom.management-limit.per-minute=0", ...)}.
     */
    public record Service(String database, List<String> isolation) {

        public Service {
            if (database == null || !database.matches("[a-z_]+")) {
                throw new IllegalArgumentException("the test database must be a plain name: " + database);
            }
            isolation = List.copyOf(isolation);
        }

        /** Starts an instance logging to {@code target/<logName>.log}, with {@code overrides} last. */
        public PackagedInstance start(String logName, String... overrides) throws Exception {
            return PackagedInstance.start(logName, database, isolation, overrides);
        }

        /** The test database over JDBC, for the test's own reads (user {@code postgres}, no password). */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + DATABASE_SERVER + "/" + database;
        }
    }

    private final Process process;
    private final String url;
    private final File log;

    private PackagedInstance(Process process, String url, File log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /** A service whose instances use {@code database} and the {@code isolation} overrides. */
    public static Service service(String database, String... isolation) {
        return new Service(database, Arrays.asList(isolation));
    }

    /** Lets {@code Tokens} sign with the test key the instances verify with: once, before minting. */
    public static void signWithTestKey() {
        System.setProperty("smallrye.jwt.sign.key.location", "file:" + KEYS + "/jwt-private.pem");
    }

    /**
     * Starts an instance against the test database {@code database}, logging to
     * {@code target/<logName>.log}, and waits until it is ready. The overrides are applied in this
     * order, a later one winning: the common ones (port, datasource, public key), the service's
     * {@code isolation}, then {@code overrides}.
     */
    public static PackagedInstance start(String logName, String database, List<String> isolation,
            String... overrides) throws Exception {
        TestDatabase.ensureDatabase("jdbc:postgresql://" + DATABASE_SERVER + "/postgres", database);
        int port = sparePort();
        List<String> command = new ArrayList<>(NATIVE_IMAGE != null ? List.of(NATIVE_IMAGE, "-Xmx256m")
                : List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-XX:+UseSerialGC"));
        command.addAll(List.of(
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://" + DATABASE_SERVER + "/" + database,
                "-Dquarkus.datasource.reactive.url=postgresql://" + DATABASE_SERVER + "/" + database,
                "-Dmp.jwt.verify.publickey.location=" + KEYS + "/jwt-public.pem"));
        command.addAll(isolation);
        command.addAll(Arrays.asList(overrides));
        if (NATIVE_IMAGE == null) {
            command.addAll(List.of("-jar", APP.toString()));
        }
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
    public String url() {
        return url;
    }

    /** The instance's output ({@code target/<logName>.log}), for messages. */
    public File log() {
        return log;
    }

    /** The operating-system process id of the instance's JVM. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Stops the instance as an orchestrator does (SIGTERM) and waits for it to exit. True when it
     * exited within {@code within}; otherwise it is killed (SIGKILL) and the answer is false.
     */
    public boolean stop(Duration within) throws InterruptedException {
        process.destroy();
        if (process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return false;
    }

    /**
     * Kills the instance as a crash would (SIGKILL: no shutdown hook, no graceful close of
     * connections or transactions) and waits until the process is gone.
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(KILLED_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the instance at " + url + " (pid " + process.pid()
                    + ") still runs " + KILLED_WITHIN.toSeconds() + " s after SIGKILL");
        }
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

    public HttpResponse<String> send(String method, String path, String token, JsonObject body)
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
    public String send(String method, String path, String token, JsonObject body, int expected)
            throws IOException, InterruptedException {
        HttpResponse<String> response = send(method, path, token, body);
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        return response.body();
    }

    public String post(String path, String token, JsonObject body, int expected)
            throws IOException, InterruptedException {
        return send("POST", path, token, body, expected);
    }

    public String put(String path, String token, JsonObject body, int expected)
            throws IOException, InterruptedException {
        return send("PUT", path, token, body, expected);
    }

    public String get(String path, String token, int expected) throws IOException, InterruptedException {
        return send("GET", path, token, null, expected);
    }

    /** The status of a GET, without asserting it (for waiting until something exists). */
    public int status(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, token, null).statusCode();
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
