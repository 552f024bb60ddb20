package io.headroom.quota.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.security.Roles;
import io.headroom.quota.account.AccountService;
import io.headroom.quota.account.AccountView;
import io.smallrye.mutiny.Uni;

/** Accounts (spec/quota-service.md §1). */
@Path("/v1/accounts")
public class AccountResource {

    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    @POST
    @RolesAllowed(Roles.PLATFORM_ADMIN)
    public Uni<RestResponse<AccountView>> create(@Valid @NotNull CreateAccountRequest request) {
        return accounts.create(request.toNewAccount())
                .map(account -> RestResponse.ResponseBuilder.<AccountView>created(URI.create("/v1/accounts/" + account.id()))
                        .entity(account).build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<AccountView> get(@PathParam("id") String id) {
        return accounts.get(id);
    }
}
