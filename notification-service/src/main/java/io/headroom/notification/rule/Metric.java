package io.headroom.notification.rule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What an owner can be told about: the metrics of quota-service's snapshots and distribution-service's usage. */
public enum Metric {
    /** The billing cycle's API calls against {@code apiCallsPerCycle}. */
    API_CALLS("api_calls", "API calls"),
    BULK_API_CALLS("bulk_api_calls", "bulk API calls"),
    REDEMPTIONS("redemptions", "redemptions"),
    /** The daily webhook bucket; its hour window drives the webhook-hour alert instead of thresholds. */
    WEBHOOK_CALLS("webhook_calls", "webhook calls"),
    DISTRIBUTION_MESSAGES("distribution_messages", "distribution messages");

    private final String wire;
    private final String label;

    Metric(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** How an e-mail names it: "API calls". */
    public String label() {
        return label;
    }

    /** The metric of that wire name, or null. */
    @JsonCreator
    public static Metric byWire(String wire) {
        for (Metric metric : values()) {
            if (metric.wire.equals(wire)) {
                return metric;
            }
        }
        return null;
    }
}
