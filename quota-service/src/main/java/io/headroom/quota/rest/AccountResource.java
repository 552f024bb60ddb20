package io.headroom.quota.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.page.Page;
import io.headroom.common.security.Roles;
import io.headroom.quota.account.AccountService;
import io.headroom.quota.account.AccountView;
import io.headroom.quota.account.ProjectView;
import io.headroom.quota.integrator.IntegratorService;
import io.headroom.quota.integrator.IntegratorViews;
import io.headroom.quota.ratelimit.RateLimiter;
import io.headroom.quota.usage.UsageService;
import io.headroom.quota.usage.UsageViews;
import io.smallrye.mutiny.Uni;

/** Accounts, their projects and their integrator settings (spec/quota-service.md §1–2). */
@Path("/v1/accounts")
public class AccountResource {

    private final AccountService accounts;
    private final IntegratorService integrator;
    private final RateLimiter limiter;
    private final UsageService usage;

    public AccountResource(AccountService accounts, IntegratorService integrator, RateLimiter limiter,
            UsageService usage) {
        this.accounts = accounts;
        this.integrator = integrator;
        this.limiter = limiter;
        this.usage = usage;
    }

    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<RestResponse<AccountView>> create(@Valid @NotNull AccountRequests.Create request) {
        return accounts.create(request.toNewAccount())
                .map(account -> RestResponse.ResponseBuilder.<AccountView>created(
                        URI.create("/v1/accounts/" + account.id())).entity(account).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<AccountView> get(@PathParam("id") String id) {
        return accounts.get(id);
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<AccountView> change(@PathParam("id") String id, @Valid @NotNull AccountRequests.Change request) {
        return accounts.change(id, request.toChange()).invoke(() -> limiter.accountChanged(id));
    }

    @POST
    @Path("/{id}/projects")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<RestResponse<ProjectView>> createProject(@PathParam("id") String id,
            @Valid @NotNull AccountRequests.NewProject request) {
        return accounts.createProject(id, request.id(), request.name())
                .invoke(project -> limiter.projectChanged(project.id()))
                .map(project -> RestResponse.ResponseBuilder.<ProjectView>created(
                        URI.create("/v1/projects/" + project.id())).entity(project).build());
    }

    @GET
    @Path("/{id}/projects")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<Page<ProjectView>> projects(@PathParam("id") String id, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return accounts.projects(id, limit, cursor);
    }

    @PUT
    @Path("/{id}/integrator")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<IntegratorViews.Overview> configureIntegrator(@PathParam("id") String id,
            @Valid @NotNull IntegratorRequests.Settings request) {
        return integrator.configure(id, request.enabled(), request.tier(), request.limits());
    }

    @GET
    @Path("/{id}/integrator")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<IntegratorViews.Overview> integrator(@PathParam("id") String id) {
        return integrator.overviewOf(id);
    }

    @GET
    @Path("/{id}/usage")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<UsageViews.AccountUsage> usage(@PathParam("id") String id) {
        return usage.accountUsage(id);
    }
}
