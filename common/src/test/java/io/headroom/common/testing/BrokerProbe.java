package io.headroom.common.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;

import io.headroom.common.event.Topology;

/**
 * A plain AMQP client for tests: listens on the events exchange through its own exclusive queue,
 * publishes raw bodies (also unreadable ones), and reads dead-letter queues.
 */
public final class BrokerProbe implements AutoCloseable {

    private final Connection connection;
    private final Channel channel;
    private final List<String> received = new CopyOnWriteArrayList<>();

    private BrokerProbe(Connection connection, Channel channel) {
        this.connection = connection;
        this.channel = channel;
    }

    public static BrokerProbe connect() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(System.getenv().getOrDefault("HEADROOM_RABBITMQ_HOST", "127.0.0.1"));
        factory.setPort(Integer.parseInt(System.getenv().getOrDefault("HEADROOM_RABBITMQ_PORT", "5672")));
        factory.setUsername("guest");
        factory.setPassword("guest");
        try {
            Connection connection = factory.newConnection("headroom-test-probe");
            Channel channel = connection.createChannel();
            channel.exchangeDeclare(Topology.EXCHANGE, "topic", true);
            // confirms: a message handed to a quorum queue can be lost when its connection closes
            // before the queue took it; close() waits for every publish to be confirmed
            channel.confirmSelect();
            return new BrokerProbe(connection, channel);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("cannot reach RabbitMQ", e);
        }
    }

    /** Starts collecting every message published with {@code routingKey} from now on. */
    public BrokerProbe listen(String routingKey) {
        try {
            String queue = channel.queueDeclare("", false, true, true, Map.of()).getQueue();
            channel.queueBind(queue, Topology.EXCHANGE, routingKey);
            channel.basicConsume(queue, true, (tag, delivery) -> received.add(
                    new String(delivery.getBody(), StandardCharsets.UTF_8)), tag -> {
                    });
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bodies received so far that contain {@code fragment} (an id, say). */
    public List<String> received(String fragment) {
        return received.stream().filter(body -> body.contains(fragment)).toList();
    }

    public void publish(String routingKey, String body, String contentType) {
        AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder()
                .contentType(contentType).deliveryMode(2).build();
        try {
            channel.basicPublish(Topology.EXCHANGE, routingKey, properties, body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes every message waiting in {@code queue} (a dead-letter queue, say); missing queue: none. */
    public List<String> drain(String queue) {
        List<String> bodies = new ArrayList<>();
        try (Channel reader = connection.createChannel()) {
            GetResponse response;
            while ((response = reader.basicGet(queue, true)) != null) {
                bodies.add(new String(response.getBody(), StandardCharsets.UTF_8));
            }
        } catch (IOException | TimeoutException e) {
            return bodies;
        }
        return bodies;
    }

    /**
     * Deletes {@code queue} with whatever waits in it (a test's own queue, after the test, or its
     * leftovers before). A missing queue, or one the broker refuses to delete, is left as it is.
     */
    public void deleteQueue(String queue) {
        try {
            Channel deleter = connection.createChannel();
            try {
                deleter.queueDelete(queue);
            } finally {
                if (deleter.isOpen()) {
                    deleter.close();
                }
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            // missing, or refused: nothing more to do here
        }
    }

    /** Drops every message waiting in {@code queue}; how many. A missing queue: none. */
    public int purge(String queue) {
        try {
            Channel purger = connection.createChannel();
            try {
                return purger.queuePurge(queue).getMessageCount();
            } finally {
                if (purger.isOpen()) {
                    purger.close();
                }
            }
        } catch (IOException | TimeoutException | ShutdownSignalException e) {
            return 0; // missing: the service declares it when it starts
        }
    }

    /** Waits until the broker confirmed every message published, then disconnects. */
    @Override
    public void close() {
        try {
            channel.waitForConfirmsOrDie(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the broker's confirms", e);
        } catch (IOException | TimeoutException e) {
            throw new IllegalStateException("the broker did not confirm every published message", e);
        } finally {
            try {
                connection.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
