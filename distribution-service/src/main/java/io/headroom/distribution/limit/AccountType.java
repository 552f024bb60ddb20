package io.headroom.distribution.limit;

import java.time.Instant;
import java.util.Locale;

/**
 * The account types the limits table tells apart (spec/distribution-service.md §2): a trial plan,
 * the current pricing, or the older (legacy) pricing of accounts created before 2021-12-01.
 */
public enum AccountType {
    TRIAL, CURRENT, LEGACY;

    /** The day the current pricing started: accounts created earlier are on the legacy pricing. */
    public static final Instant CURRENT_PRICING_SINCE = Instant.parse("2021-12-01T00:00:00Z");

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A trial plan is {@link #TRIAL} whatever its pricing; otherwise the account's pricing scheme
     * as quota-service marked it, and when it is unknown, {@link #LEGACY} for accounts created
     * before 2021-12-01.
     */
    public static AccountType of(String plan, String pricingScheme, Instant createdAt) {
        if ("trial".equals(plan)) {
            return TRIAL;
        }
        if ("legacy".equals(pricingScheme)) {
            return LEGACY;
        }
        if ("current".equals(pricingScheme)) {
            return CURRENT;
        }
        return createdAt != null && createdAt.isBefore(CURRENT_PRICING_SINCE) ? LEGACY : CURRENT;
    }
}
