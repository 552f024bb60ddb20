package io.headroom.distribution;

import java.util.Map;

import io.headroom.common.testing.RecordingTarget;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The SMS gateway stand-in: a local HTTP endpoint ({@link RecordingTarget}) the service is
 * configured to send SMS to, at {@code /sms}. Also the receiver of webhook distributions (any
 * other path), so a test reads both from {@link #target()}.
 */
public class SmsGateway implements QuarkusTestResourceLifecycleManager {

    public static final String PATH = "/sms";
    private static RecordingTarget target;

    @Override
    public synchronized Map<String, String> start() {
        if (target == null) {
            target = RecordingTarget.start();
        }
        return Map.of("headroom.sms.gateway-url", target.url(PATH), "headroom.sms.gateway-key", "test-gateway-key");
    }

    @Override
    public synchronized void stop() {
        // kept for the JVM: every test class shares one gateway, and its hits are told apart by path
    }

    public static synchronized RecordingTarget target() {
        return target;
    }
}
