package io.headroom.quota.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.page.Page;
import io.headroom.common.security.Roles;
import io.headroom.quota.integrator.IntegratorService;
import io.headroom.quota.integrator.IntegratorViews;
import io.smallrye.mutiny.Uni;

/** The integrator endpoints of the calling account (spec/quota-service.md §2), at the source's paths. */
@Path("/integrator")
@RolesAllowed({Roles.OWNER, Roles.MEMBER})
public class IntegratorResource {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final IntegratorService integrator;

    public IntegratorResource(IntegratorService integrator) {
        this.integrator = integrator;
    }

    @GET
    public Uni<IntegratorViews.Overview> overview() {
        return integrator.overview();
    }

    @POST
    @Path("/organizations")
    public Uni<RestResponse<IntegratorViews.Organization>> createOrganization(
            @Valid @NotNull IntegratorRequests.NewOrganization request) {
        return integrator.createOrganization(request.id(), request.name())
                .map(org -> RestResponse.ResponseBuilder.<IntegratorViews.Organization>created(
                        URI.create("/integrator/organizations/" + org.id())).entity(org).build());
    }

    @GET
    @Path("/organizations")
    public Uni<Page<IntegratorViews.Organization>> organizations(@QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return integrator.organizations(limit, cursor);
    }

    @DELETE
    @Path("/organizations/{orgId}")
    public Uni<RestResponse<Void>> deleteOrganization(@PathParam("orgId") String orgId) {
        return integrator.deleteOrganization(orgId).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/organizations/{orgId}/processes")
    public Uni<RestResponse<IntegratorViews.Process>> createProcess(@PathParam("orgId") String orgId,
            @Valid @NotNull IntegratorRequests.NewProcess request) {
        return integrator.createProcess(orgId, request.id(), request.title())
                .map(process -> RestResponse.ResponseBuilder.<IntegratorViews.Process>created(
                        URI.create("/integrator/organizations/" + orgId + "/processes/" + process.id()))
                        .entity(process).build());
    }

    @DELETE
    @Path("/organizations/{orgId}/processes/{processId}")
    public Uni<RestResponse<Void>> deleteProcess(@PathParam("orgId") String orgId,
            @PathParam("processId") String processId) {
        return integrator.deleteProcess(orgId, processId).map(ignored -> RestResponse.noContent());
    }

    @POST
    @Path("/organizations/{orgId}/votes")
    public Uni<IntegratorViews.Overview> votes(@PathParam("orgId") String orgId,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Valid @NotNull IntegratorRequests.Votes request) {
        return integrator.sendVotes(orgId, request.processId(), request.count(), idempotencyKey, request);
    }

    @POST
    @Path("/organizations/{orgId}/otp")
    public Uni<IntegratorViews.Overview> otp(@PathParam("orgId") String orgId,
            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey, @Valid @NotNull IntegratorRequests.Otp request) {
        return integrator.sendOtp(orgId, request.channel(), request.count(), idempotencyKey, request);
    }
}
