package io.headroom.quota.rest;

import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.headroom.common.security.Roles;
import io.headroom.quota.plan.PlanCatalog;
import io.headroom.quota.plan.PlanLimits;

/** The plan catalog (spec/quota-service.md §1), readable by every authenticated caller. */
@Path("/v1/plans")
public class PlanResource {

    private final PlanCatalog catalog;

    public PlanResource(PlanCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @RolesAllowed({Roles.PLATFORM_ADMIN, Roles.GATEWAY, Roles.OWNER, Roles.MEMBER})
    public Map<String, PlanLimits> list() {
        Map<String, PlanLimits> plans = new TreeMap<>();
        catalog.all().forEach((plan, limits) -> plans.put(plan.key(), limits));
        return plans;
    }
}
