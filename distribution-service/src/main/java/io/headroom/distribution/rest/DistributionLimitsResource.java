package io.headroom.distribution.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.headroom.common.security.Roles;
import io.headroom.distribution.send.DistributionReader;
import io.headroom.distribution.send.LimitsView;
import io.smallrye.mutiny.Uni;

/** What an account may send, what it sent, and when that resets (spec/distribution-service.md §2). */
@Path("/v1/accounts/{id}/distribution-limits")
public class DistributionLimitsResource {

    private final DistributionReader reading;

    public DistributionLimitsResource(DistributionReader reading) {
        this.reading = reading;
    }

    @GET
    @RolesAllowed({ Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN })
    public Uni<LimitsView> limits(@PathParam("id") String accountId) {
        return reading.limits(accountId);
    }
}
