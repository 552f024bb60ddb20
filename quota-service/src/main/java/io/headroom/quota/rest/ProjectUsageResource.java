package io.headroom.quota.rest;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import io.headroom.common.security.Roles;
import io.headroom.quota.usage.MeteredUsage;
import io.headroom.quota.usage.UsageService;
import io.headroom.quota.usage.UsageViews;
import io.smallrye.mutiny.Uni;

/** A project's metered usage, usage summary and history (spec/quota-service.md §4). */
@Path("/v1/projects/{id}/usage")
public class ProjectUsageResource {

    private final UsageService usage;

    public ProjectUsageResource(UsageService usage) {
        this.usage = usage;
    }

    @POST
    @RolesAllowed({Roles.GATEWAY, Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<UsageViews.Metered> meter(@PathParam("id") String projectId, @Valid @NotNull MeteredUsage request,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return usage.meter(projectId, request, idempotencyKey);
    }

    @GET
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<UsageViews.ProjectUsage> summary(@PathParam("id") String projectId) {
        return usage.projectUsage(projectId);
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<List<UsageViews.HistoryPoint>> history(@PathParam("id") String projectId,
            @QueryParam("metric") String metric, @QueryParam("granularity") String granularity,
            @QueryParam("from") String from, @QueryParam("to") String to) {
        return usage.history(projectId, metric, granularity, from, to);
    }
}
