package io.headroom.quota.integrator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The free tier has fixed limits; a custom tier takes the operator's negotiated values. */
public enum IntegratorTier {
    @JsonProperty("free")
    FREE,
    @JsonProperty("custom")
    CUSTOM
}
