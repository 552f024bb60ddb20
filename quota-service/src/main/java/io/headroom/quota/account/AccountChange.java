package io.headroom.quota.account;

import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.Plan;

/**
 * What the operator changes on an account; null fields stay as they are. {@code customLimits}
 * replaces the whole set ({@code {}} clears it). A plan change applies at once and keeps the
 * current cycle's usage.
 */
public record AccountChange(Plan plan, PricingScheme pricingScheme, CustomLimits customLimits, String timezone,
        String ownerEmail) {
}
