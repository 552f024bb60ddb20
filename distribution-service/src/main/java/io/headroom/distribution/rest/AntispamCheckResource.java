package io.headroom.distribution.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.headroom.common.security.Roles;
import io.headroom.distribution.antispam.AntispamCheckView;
import io.headroom.distribution.antispam.AntispamDecision;
import io.headroom.distribution.antispam.AntispamRequest;
import io.headroom.distribution.antispam.AntispamService;
import io.smallrye.mutiny.Uni;

/** The anti-spam check of an account (spec/distribution-service.md §1). */
@Path("/v1/accounts/{id}/anti-spam-check")
public class AntispamCheckResource {

    private final AntispamService service;

    public AntispamCheckResource(AntispamService service) {
        this.service = service;
    }

    /** The owner or platform-admin: {@code not_requested}, {@code pending}, {@code passed} or {@code rejected}. */
    @GET
    @RolesAllowed({ Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN })
    public Uni<AntispamCheckView> get(@PathParam("id") String accountId) {
        return service.get(accountId);
    }

    /** The owner asks for the check: 202, {@code pending}. */
    @POST
    @ResponseStatus(202)
    @RolesAllowed({ Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN })
    public Uni<AntispamCheckView> request(@PathParam("id") String accountId, AntispamRequest request) {
        return service.request(accountId, request);
    }

    /** Platform-admin decides: {@code passed} or {@code rejected}; publishes {@code antispam.decided}. */
    @POST
    @Path("/decision")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<AntispamCheckView> decide(@PathParam("id") String accountId, AntispamDecision decision) {
        return service.decide(accountId, decision);
    }
}
