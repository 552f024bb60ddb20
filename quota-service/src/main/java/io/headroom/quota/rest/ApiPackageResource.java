package io.headroom.quota.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.page.Page;
import io.headroom.common.security.Roles;
import io.headroom.quota.apipackage.ApiPackageService;
import io.headroom.quota.apipackage.ApiPackageView;
import io.headroom.quota.apipackage.NewApiPackage;
import io.headroom.quota.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;

/**
 * API packages of an account (spec/quota-service.md §3): added by the billing system (as
 * platform-admin), listed for the owner, ended early by the operator. Every change is seen by this
 * instance's next decision at once.
 */
@Path("/v1/accounts/{id}/api-packages")
public class ApiPackageResource {

    private final ApiPackageService packages;
    private final RateLimiter limiter;

    public ApiPackageResource(ApiPackageService packages, RateLimiter limiter) {
        this.packages = packages;
        this.limiter = limiter;
    }

    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<RestResponse<ApiPackageView>> create(@PathParam("id") String accountId,
            @Valid @NotNull NewApiPackage request) {
        return packages.create(accountId, request)
                .invoke(() -> limiter.accountChanged(accountId))
                .map(created -> RestResponse.ResponseBuilder.<ApiPackageView>created(
                        URI.create("/v1/accounts/" + accountId + "/api-packages/" + created.id()))
                        .entity(created).build());
    }

    @GET
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<Page<ApiPackageView>> list(@PathParam("id") String accountId, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        return packages.list(accountId, limit, cursor);
    }

    @DELETE
    @Path("/{packageId}")
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<ApiPackageView> end(@PathParam("id") String accountId, @PathParam("packageId") String packageId) {
        return packages.end(accountId, packageId).invoke(() -> limiter.accountChanged(accountId));
    }
}
