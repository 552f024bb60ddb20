package io.headroom.quota.account;

import java.time.Instant;
import java.util.List;

import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.Plan;
import io.headroom.quota.plan.PlanLimits;

/** An account as the API shows it: its terms, custom limits, effective limits and projects. */
public record AccountView(String id, String name, String ownerEmail, Plan plan, PricingScheme pricingScheme,
        Instant createdAt, int cycleAnchorDay, String timezone, BillingCycle currentCycle, CustomLimits customLimits,
        PlanLimits limits, List<ProjectView> projects) {
}
