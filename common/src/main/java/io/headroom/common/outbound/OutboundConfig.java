package io.headroom.common.outbound;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Requests to URLs that users supply (spec/conventions.md, "Outbound HTTP"); keys under {@code headroom.outbound.}. */
@ConfigMapping(prefix = "headroom.outbound")
public interface OutboundConfig {

    /**
     * Whether loopback, link-local and private addresses may be called: {@code false} in
     * production (server-side request forgery, OWASP API7), {@code true} in dev and test.
     */
    @WithDefault("false")
    boolean allowPrivateAddresses();

    /** How long a connection may take to open. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long one request may take from start to the response's end. */
    @WithDefault("10s")
    Duration totalTimeout();

    /** The most redirects followed (307 and 308 only: they keep the method and body); never more than 3. */
    @WithDefault("3")
    int maxRedirects();
}
