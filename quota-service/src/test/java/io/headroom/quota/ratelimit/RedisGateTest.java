package io.headroom.quota.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.impl.types.SimpleStringType;

/** {@link RedisGate}: fewer commands in flight than the pool holds, the rest in order. */
class RedisGateTest {

    /** A Redis that answers only when told, in any order. */
    static final class HeldRedis implements io.vertx.redis.client.Redis {

        final List<String> sent = new ArrayList<>();
        final List<Promise<io.vertx.redis.client.Response>> pending = new ArrayList<>();

        @Override
        public Future<io.vertx.redis.client.Response> send(io.vertx.redis.client.Request request) {
            sent.add(request.toString());
            Promise<io.vertx.redis.client.Response> answer = Promise.promise();
            pending.add(answer);
            return answer.future();
        }

        void answer(int i) {
            pending.get(i).complete(SimpleStringType.OK);
        }

        @Override
        public Future<RedisConnection> connect() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }

        @Override
        public Future<List<io.vertx.redis.client.Response>> batch(List<io.vertx.redis.client.Request> requests) {
            throw new UnsupportedOperationException();
        }
    }

    private final HeldRedis held = new HeldRedis();

    /** A pool of RESERVED + 2 connections: two commands in flight, {@code waiting} may wait. */
    private RedisGate gate(int waiting) {
        return new RedisGate(Redis.newInstance(held), RedisGate.RESERVED + 2, waiting);
    }

    private static Request ping(int i) {
        return Request.cmd(Command.ECHO).arg("c" + i);
    }

    private static List<UniAssertSubscriber<Response>> sendAll(RedisGate gate, int count) {
        List<UniAssertSubscriber<Response>> callers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            callers.add(gate.send(ping(i)).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        return callers;
    }

    @Test
    void sendsNoMoreThanThePoolLessTheReserveAndTheRestInOrder() {
        RedisGate gate = gate(10);
        List<UniAssertSubscriber<Response>> callers = sendAll(gate, 5);
        assertThat(held.sent).hasSize(2);

        held.answer(1);
        callers.get(1).assertCompleted();
        assertThat(held.sent).hasSize(3);
        assertThat(held.sent.get(2)).contains("c2");

        held.answer(0);
        held.answer(2);
        assertThat(held.sent).hasSize(5);
        assertThat(held.sent.get(4)).contains("c4");
        held.answer(3);
        held.answer(4);
        callers.forEach(UniAssertSubscriber::assertCompleted);
    }

    @Test
    void aCommandWhoseCallerGaveUpWhileWaitingIsNeverSent() {
        RedisGate gate = gate(10);
        List<UniAssertSubscriber<Response>> callers = sendAll(gate, 4);
        callers.get(2).cancel();

        held.answer(0);
        assertThat(held.sent).hasSize(3);
        assertThat(held.sent.get(2)).contains("c3");
        held.answer(1);
        held.answer(2);
        assertThat(held.sent).hasSize(3);
    }

    @Test
    void failsAtOnceWhenTheWaitingRoomIsFull() {
        RedisGate gate = gate(1);
        List<UniAssertSubscriber<Response>> callers = sendAll(gate, 4);
        callers.get(3).assertFailedWith(IllegalStateException.class);
        assertThat(held.sent).hasSize(2);

        held.answer(0);
        held.answer(1);
        held.answer(2);
        callers.subList(0, 3).forEach(UniAssertSubscriber::assertCompleted);
    }
}
