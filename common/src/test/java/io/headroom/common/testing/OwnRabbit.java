package io.headroom.common.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A RabbitMQ node of the test's own, on spare ports, that a fault test may stop and start again
 * without touching the shared broker on 5672 (guides/infra.md, pitfall 9). It keeps its data
 * directory across {@link #restart()}, so durable queues and persistent messages survive, as on a
 * real broker restart; {@link #stop()} removes it.
 *
 * <p>The node runs from {@code /usr/lib/rabbitmq/bin} rather than through the {@code /usr/sbin}
 * wrappers, which switch to the {@code rabbitmq} user and its Erlang cookie; here the node and
 * {@code rabbitmqctl} share a cookie of their own through {@code HOME}. Its own config and
 * environment files keep {@code /etc/rabbitmq} (a listener on 5672, the node name
 * {@code rabbit@localhost}) out, and an empty plugin list keeps the management listener off.
 * Start and restart each take 4 to 6 s here.
 */
public class OwnRabbit implements QuarkusTestResourceLifecycleManager {

    private static final String BIN = "/usr/lib/rabbitmq/bin/";
    private static final long TIMEOUT_SECONDS = 60;

    private static int port;
    private static int distPort;
    private static Path home;
    private static File log;
    private static Process server;

    @Override
    public Map<String, String> start() {
        port = sparePort();
        distPort = sparePort();
        log = new File("target/own-rabbit-" + port + ".log");
        try {
            home = Files.createTempDirectory("own-rabbit-");
            Files.writeString(home.resolve("rabbitmq.conf"), "");
            Files.writeString(home.resolve("rabbitmq-env.conf"), "");
            Files.writeString(home.resolve("enabled_plugins"), "");
            Path cookie = home.resolve(".erlang.cookie");
            Files.writeString(cookie, UUID.randomUUID().toString().replace("-", ""));
            Files.setPosixFilePermissions(cookie, PosixFilePermissions.fromString("r--------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        startNode();
        return Map.of("rabbitmq-host", "127.0.0.1", "rabbitmq-port", Integer.toString(port));
    }

    @Override
    public void stop() {
        stopNode();
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The AMQP port, for a test's own client. */
    public static int port() {
        return port;
    }

    /** Stops the node gracefully and starts it again on the same ports with the same data. */
    public static void restart() {
        stopNode();
        startNode();
    }

    /**
     * Stops the node gracefully ({@code rabbitmqctl stop}), so what it holds is on disk; kills it
     * when that fails or takes longer than the timeout.
     */
    public static synchronized void stopNode() {
        if (server == null || !server.isAlive()) {
            return;
        }
        try {
            if (ctl("stop") != 0 || !server.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the node and returns once it has booted and takes AMQP connections. */
    public static synchronized void startNode() {
        try {
            server = node(new ProcessBuilder(BIN + "rabbitmq-server")).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!acceptsConnections()) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw notStarted();
                }
                Thread.sleep(100);
            }
            if (ctl("await_startup", "--timeout", Long.toString(TIMEOUT_SECONDS)) != 0) {
                throw notStarted();
            }
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmq-server could not be started", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves no half-started node behind for the next test or CI. */
    private static IllegalStateException notStarted() {
        stopNode();
        return new IllegalStateException("own RabbitMQ on port " + port + " did not start, see " + log);
    }

    /** Runs {@code rabbitmqctl} against this node only, never the shared one; returns its exit code. */
    private static int ctl(String... command) throws InterruptedException {
        String[] args = new String[command.length + 3];
        args[0] = BIN + "rabbitmqctl";
        args[1] = "-n";
        args[2] = nodeName();
        System.arraycopy(command, 0, args, 3, command.length);
        try {
            Process process = node(new ProcessBuilder(args)).start();
            if (!process.waitFor(TIMEOUT_SECONDS + 10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("rabbitmqctl could not be run", e);
        }
    }

    private static ProcessBuilder node(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("RABBITMQ_NODENAME", nodeName());
        env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
        env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
        env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
        env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}");
        env.put("RABBITMQ_MNESIA_BASE", home.resolve("mnesia").toString());
        env.put("RABBITMQ_LOG_BASE", home.resolve("log").toString());
        env.put("RABBITMQ_CONFIG_FILE", home.resolve("rabbitmq.conf").toString());
        env.put("RABBITMQ_CONF_ENV_FILE", home.resolve("rabbitmq-env.conf").toString());
        env.put("RABBITMQ_ENABLED_PLUGINS_FILE", home.resolve("enabled_plugins").toString());
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    }

    private static String nodeName() {
        return "hrtest-" + port + "@localhost";
    }

    private static boolean acceptsConnections() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int sparePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
