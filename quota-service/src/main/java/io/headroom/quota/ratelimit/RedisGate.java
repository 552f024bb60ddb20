package io.headroom.quota.ratelimit;

import java.util.ArrayDeque;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Sends this service's Redis commands with fewer in flight than the client's pool holds connections
 * (per node); the others wait here, in order, up to {@code quarkus.redis.max-pool-waiting}.
 *
 * <p>Needed for a Redis Cluster ({@code quarkus.redis.client-type=cluster}): for every command the
 * Vert.x cluster client takes a connection from the pool of each master, and it refreshes its slot
 * map with one more. Once more commands are in flight than a pool holds, commands holding one
 * master's connection wait for another's, or for a slot refresh that finds no free connection, and
 * the pools stay blocked for good (vertx-redis-client 4.5.25, upstream issue vert-x3/vertx-redis-client#541).
 * Below the pool size that cannot happen; {@link #RESERVED} connections per node stay free for
 * the slot refresh and the health check. With a single Redis this is the queue the pool keeps anyway.
 *
 * <p>A command whose caller gave up (its timeout passed) while it waited is never sent; one already
 * sent keeps its place until Redis answers. A waiting command is sent on its caller's Vert.x context,
 * so its answer arrives there, as it would without the gate.
 */
@ApplicationScoped
public class RedisGate {

    /** Connections per node left to the client itself (slot refresh) and the health check. */
    static final int RESERVED = 4;

    private final Redis redis;
    private final int maxInFlight;
    private final int maxWaiting;
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private int inFlight;

    public RedisGate(Redis redis,
            @ConfigProperty(name = "quarkus.redis.max-pool-size", defaultValue = "6") int maxPoolSize,
            @ConfigProperty(name = "quarkus.redis.max-pool-waiting", defaultValue = "24") int maxPoolWaiting) {
        this.redis = redis;
        this.maxInFlight = Math.max(1, maxPoolSize - RESERVED);
        this.maxWaiting = maxPoolWaiting;
    }

    /** Sends {@code request} now, or once an earlier command has been answered. */
    public Uni<Response> send(Request request) {
        return Uni.createFrom().emitter(emitter -> {
            Waiting command = new Waiting(request, emitter, Vertx.currentContext());
            emitter.onTermination(command::over);
            boolean now = false;
            boolean full = false;
            synchronized (this) {
                if (inFlight < maxInFlight) {
                    inFlight++;
                    now = true;
                } else if (waiting.size() < maxWaiting) {
                    waiting.add(command);
                } else {
                    full = true;
                }
            }
            if (now) {
                send(command);
            } else if (full) {
                emitter.fail(new IllegalStateException("Redis: " + maxWaiting + " commands already wait"));
            }
        });
    }

    private void send(Waiting command) {
        redis.send(command.request).subscribe().with(
                response -> {
                    answered();
                    command.emitter.complete(response);
                },
                failure -> {
                    answered();
                    command.emitter.fail(failure);
                });
    }

    /** A command was answered: the next waiting one whose caller still waits takes its place. */
    private void answered() {
        Waiting next;
        synchronized (this) {
            do {
                next = waiting.poll();
            } while (next != null && next.over);
            if (next == null) {
                inFlight--;
                return;
            }
        }
        Waiting command = next;
        if (command.context == null || command.context == Vertx.currentContext()) {
            send(command);
        } else {
            command.context.runOnContext(ignored -> send(command));
        }
    }

    /** A command and its caller; {@code over} once the caller has its answer or gave up (cancelled). */
    private static final class Waiting {

        final Request request;
        final UniEmitter<? super Response> emitter;
        final Context context;
        volatile boolean over;

        Waiting(Request request, UniEmitter<? super Response> emitter, Context context) {
            this.request = request;
            this.emitter = emitter;
            this.context = context;
        }

        void over() {
            over = true;
        }
    }
}
