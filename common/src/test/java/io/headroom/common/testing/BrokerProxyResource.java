package io.headroom.common.testing;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Puts a {@link TcpProxy} between the service and RabbitMQ, for a test profile that makes the
 * broker unreachable. Init argument {@code channels}: the comma-separated channel names whose
 * connector must go through the proxy.
 */
public class BrokerProxyResource implements QuarkusTestResourceLifecycleManager {

    private static volatile TcpProxy proxy;
    private String[] channels = new String[0];

    /** The running proxy of the current test profile. */
    public static TcpProxy proxy() {
        return proxy;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        channels = initArgs.getOrDefault("channels", "").split(",");
    }

    @Override
    public Map<String, String> start() {
        proxy = new TcpProxy("127.0.0.1", 5672);
        Map<String, String> config = new HashMap<>();
        config.put("rabbitmq-port", Integer.toString(proxy.port()));
        for (String channel : channels) {
            if (!channel.isBlank()) {
                String direction = channel.equals("outbox") ? "outgoing" : "incoming";
                config.put("mp.messaging." + direction + "." + channel + ".port", Integer.toString(proxy.port()));
                config.put("mp.messaging." + direction + "." + channel + ".reconnect-interval", "1");
            }
        }
        return config;
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
