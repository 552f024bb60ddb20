package io.headroom.distribution.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.headroom.common.security.Roles;
import io.headroom.distribution.account.AccountProjection;
import io.headroom.distribution.account.AccountProjector;
import io.smallrye.mutiny.Uni;

/** The account as distribution-service knows it from {@code account.changed}: for operators checking the feed. */
@Path("/v1/accounts")
public class AccountProjectionResource {

    private final AccountProjector projector;

    public AccountProjectionResource(AccountProjector projector) {
        this.projector = projector;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<AccountProjection.View> get(@PathParam("id") String id) {
        return projector.get(id);
    }
}
