package io.headroom.quota.account;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether an account pays by the current pricing or the older one (created before December 2021). */
public enum PricingScheme {
    @JsonProperty("current")
    CURRENT,
    @JsonProperty("legacy")
    LEGACY;

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
