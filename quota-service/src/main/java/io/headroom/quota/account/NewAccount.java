package io.headroom.quota.account;

import java.time.Instant;

import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.Plan;

/** What the operator asks for when creating an account; absent optional fields are null. */
public record NewAccount(String id, String name, String ownerEmail, Plan plan, PricingScheme pricingScheme,
        Instant createdAt, Integer cycleAnchorDay, String timezone, CustomLimits customLimits) {
}
