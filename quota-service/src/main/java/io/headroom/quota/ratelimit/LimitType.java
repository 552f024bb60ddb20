package io.headroom.quota.ratelimit;

import com.fasterxml.jackson.annotation.JsonValue;

/** The kinds of limit a window enforces, as {@code X-Rate-Limit-Type} names them. */
public enum LimitType {
    API_CALLS("api_calls"),
    BULK_API_CALLS("bulk_api_calls"),
    API_CALLS_CYCLE("api_calls_cycle"),
    CLIENT_CALLS("client_calls"),
    WEBHOOK_CALLS("webhook_calls");

    private final String wire;

    LimitType(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }
}
