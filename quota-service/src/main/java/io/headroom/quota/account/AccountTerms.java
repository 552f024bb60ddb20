package io.headroom.quota.account;

import java.time.Instant;
import java.time.ZoneId;

/** The rules that derive an account's terms from when it was created (spec/quota-service.md §1). */
public final class AccountTerms {

    /** Accounts created before this instant are on the older pricing unless told otherwise. */
    public static final Instant CURRENT_PRICING_SINCE = Instant.parse("2021-12-01T00:00:00Z");

    /** Billing cycles start on day 1 to 28, so that every month has the day. */
    public static final int LATEST_ANCHOR_DAY = 28;

    private AccountTerms() {
    }

    public static PricingScheme pricingSchemeFor(Instant createdAt) {
        return createdAt.isBefore(CURRENT_PRICING_SINCE) ? PricingScheme.LEGACY : PricingScheme.CURRENT;
    }

    /** The day of {@code createdAt} in the account's zone, capped at {@value #LATEST_ANCHOR_DAY}. */
    public static int cycleAnchorDayFor(Instant createdAt, ZoneId zone) {
        return Math.min(createdAt.atZone(zone).getDayOfMonth(), LATEST_ANCHOR_DAY);
    }
}
