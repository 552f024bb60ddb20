package io.headroom.quota;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A Redis server of the test's own, on a spare port, that a fault test may freeze, flush, stop
 * and restart without touching the shared one (guides/infra.md, pitfall 9). It keeps nothing on
 * disk, like a Redis restarted without persistence.
 */
public class OwnRedis implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static Process server;

    @Override
    public Map<String, String> start() {
        port = sparePort();
        startServer();
        return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        thaw();
        stopServer();
    }

    /** Stops answering (SIGSTOP): connections stay open, replies never come. */
    public static void freeze() {
        signal("-STOP");
    }

    public static void thaw() {
        signal("-CONT");
    }

    public static void flushAll() {
        cli("FLUSHALL");
    }

    /** Stops the server; it comes back empty with {@link #startServer()}. */
    public static void stopServer() {
        if (server != null && server.isAlive()) {
            server.destroy();
            try {
                server.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static synchronized void startServer() {
        try {
            server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", System.getProperty("java.io.tmpdir"))
                    .redirectErrorStream(true).redirectOutput(new File("target/own-redis-" + port + ".log"))
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!"PONG".equals(cli("PING"))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("own Redis on port " + port + " did not start");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be started", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void signal(String signal) {
        if (server != null && server.isAlive()) {
            run("kill", signal, Long.toString(server.pid()));
        }
    }

    private static String cli(String... command) {
        String[] args = new String[command.length + 3];
        args[0] = "redis-cli";
        args[1] = "-p";
        args[2] = Integer.toString(port);
        System.arraycopy(command, 0, args, 3, command.length);
        return run(args);
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
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
