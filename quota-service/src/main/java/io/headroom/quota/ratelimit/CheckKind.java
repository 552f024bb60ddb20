package io.headroom.quota.ratelimit;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a checked request is: a normal API call, a bulk call, or a client-side call from one IP. */
public enum CheckKind {
    @JsonProperty("api")
    API,
    @JsonProperty("bulk")
    BULK,
    @JsonProperty("client")
    CLIENT;

    /** The name used in JSON. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
