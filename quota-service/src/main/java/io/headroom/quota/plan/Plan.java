package io.headroom.quota.plan;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The plans of the catalog. Enterprise has custom limits, defaulting to the organization plan's. */
public enum Plan {
    @JsonProperty("trial")
    TRIAL,
    @JsonProperty("business")
    BUSINESS,
    @JsonProperty("organization")
    ORGANIZATION,
    @JsonProperty("enterprise")
    ENTERPRISE;

    /** The name used in configuration keys, events and JSON. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
