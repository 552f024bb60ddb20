package io.headroom.common.testing;

import java.util.Arrays;
import java.util.Map;

import org.jboss.logging.Logger;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Empties a service's test queues before it starts (init argument {@code queues}, comma-separated).
 * They are durable and bound to the shared events exchange, so while the service is not running
 * they fill with other modules' events: quota-service's tests and benchmarks publish thousands of
 * {@code account.changed}. A first test would wait behind that backlog. Nothing of this module's
 * tests waits there yet (they publish after the start), so only others' leftovers are dropped; the
 * dead-letter queues are left as they are.
 */
public class StaleEvents implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(StaleEvents.class);

    private String[] queues = new String[0];

    @Override
    public void init(Map<String, String> initArgs) {
        queues = Arrays.stream(initArgs.getOrDefault("queues", "").split(",")).map(String::strip)
                .filter(queue -> !queue.isEmpty()).toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        try (BrokerProbe broker = BrokerProbe.connect()) {
            for (String queue : queues) {
                int dropped = broker.purge(queue);
                if (dropped > 0) {
                    LOG.infof("dropped %d events other modules left in %s", dropped, queue);
                }
            }
        }
        return Map.of();
    }

    @Override
    public void stop() {
        // nothing to undo
    }
}
