package io.headroom.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

import com.sun.net.httpserver.HttpServer;

/**
 * A local HTTP endpoint that records every request it gets (the {@code webhook-id} header, the
 * body, when it arrived) and answers what the test tells it: 200 by default, or per path a status
 * chosen by the number of the request to that path, or a 307 redirect, after an optional delay.
 */
public final class RecordingTarget implements AutoCloseable {

    /** One request as the target saw it; {@code headers} by lower-case name, first value. */
    public record Hit(String path, String webhookId, int attempt, String body, Instant at,
            Map<String, String> headers) {

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, IntUnaryOperator> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private volatile long delayMillis;

    private RecordingTarget(HttpServer server) {
        this.server = server;
    }

    public static RecordingTarget start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
            RecordingTarget target = new RecordingTarget(server);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                String attempt = exchange.getRequestHeaders().getFirst("X-Headroom-Attempt");
                Map<String, String> headers = new java.util.HashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(
                        name.toLowerCase(java.util.Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
                target.hits.add(new Hit(path, exchange.getRequestHeaders().getFirst("webhook-id"),
                        attempt == null ? 0 : Integer.parseInt(attempt), new String(body, StandardCharsets.UTF_8),
                        Instant.now(), Map.copyOf(headers)));
                int n = target.counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                int status = target.statuses.getOrDefault(path, i -> 200).applyAsInt(n);
                sleep(target.delayMillis);
                String location = target.redirects.get(path);
                if (location != null) {
                    exchange.getResponseHeaders().add("Location", location);
                    status = 307;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of {@code path} on this target. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers requests to {@code path} with {@code status.applyAsInt(n)} for the n-th request (from 1). */
    public RecordingTarget answer(String path, IntUnaryOperator status) {
        statuses.put(path, status);
        return this;
    }

    /** Answers requests to {@code path} with 307 to {@code location}. */
    public RecordingTarget redirect(String path, String location) {
        redirects.put(path, location);
        return this;
    }

    /** Waits this long before answering each request. */
    public RecordingTarget delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** The requests to {@code path}, in arrival order. */
    public List<Hit> hits(String path) {
        List<Hit> out = new ArrayList<>();
        for (Hit hit : hits) {
            if (hit.path().equals(path)) {
                out.add(hit);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        if (server.getExecutor() instanceof java.util.concurrent.ExecutorService pool) {
            pool.shutdownNow();
        }
    }

    private static void sleep(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
