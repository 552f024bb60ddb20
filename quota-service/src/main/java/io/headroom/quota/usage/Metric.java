package io.headroom.quota.usage;

import com.fasterxml.jackson.annotation.JsonValue;

/** What usage is counted of, by project. */
public enum Metric {
    /** Every call checked: api, bulk and client kinds alike (the cycle count). */
    API_CALLS("api_calls"),
    /** Bulk calls. */
    BULK_API_CALLS("bulk_api_calls"),
    /** Client-side calls. */
    CLIENT_CALLS("client_calls"),
    /** Metered redemptions (soft: recorded, never refused). */
    REDEMPTIONS("redemptions"),
    /** Webhook calls from integrations. */
    WEBHOOK_CALLS("webhook_calls");

    private final String wire;

    Metric(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    /** The metric of that name, or null. */
    public static Metric byName(String wire) {
        for (Metric metric : values()) {
            if (metric.wire.equals(wire)) {
                return metric;
            }
        }
        return null;
    }
}
