package io.headroom.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import io.headroom.common.security.Roles;
import io.headroom.notification.account.AccountProjection;
import io.headroom.notification.account.AccountProjector;
import io.smallrye.mutiny.Uni;

/** The account as notification-service knows it from {@code account.changed}: for operators checking the feed. */
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
