package io.headroom.quota.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.security.Roles;
import io.headroom.quota.account.AccountService;
import io.headroom.quota.account.ProjectView;
import io.headroom.quota.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;

/** One project (spec/quota-service.md §1). */
@Path("/v1/projects")
public class ProjectResource {

    private final AccountService accounts;
    private final RateLimiter limiter;

    public ProjectResource(AccountService accounts, RateLimiter limiter) {
        this.accounts = accounts;
        this.limiter = limiter;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<ProjectView> get(@PathParam("id") String id) {
        return accounts.project(id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<RestResponse<Void>> delete(@PathParam("id") String id) {
        return accounts.deleteProject(id).invoke(() -> limiter.projectChanged(id))
                .map(ignored -> RestResponse.noContent());
    }
}
