package io.headroom.quota.rest;

import jakarta.ws.rs.container.ContainerResponseContext;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import io.headroom.quota.config.Enforcement;

/** On staging every answer carries {@code X-Headroom-Enforced: false}. */
public class EnforcementHeaderFilter {

    private final Enforcement enforcement;

    public EnforcementHeaderFilter(Enforcement enforcement) {
        this.enforcement = enforcement;
    }

    @ServerResponseFilter
    public void markUnenforced(ContainerResponseContext response) {
        if (!enforcement.enforced()) {
            response.getHeaders().putSingle(Enforcement.HEADER, "false");
        }
    }
}
