package io.headroom.distribution.send;

import java.time.Instant;
import java.time.ZoneId;

import io.headroom.distribution.limit.AccountType;
import io.headroom.distribution.limit.AntispamState;
import io.headroom.distribution.limit.DistributionLimits;

/** What the limits of an account depend on, read under its lock: plan, pricing, age, zone, check. */
public record SendingAccount(String accountId, String plan, String pricingScheme, Instant createdAt, String timezone,
        long planPerDay, long planPerMonth, AntispamState antispam) {

    public AccountType type() {
        return AccountType.of(plan, pricingScheme, createdAt);
    }

    public DistributionLimits limits() {
        return DistributionLimits.of(antispam, type(), planPerDay, planPerMonth);
    }

    public ZoneId zone() {
        try {
            return ZoneId.of(timezone);
        } catch (RuntimeException unknown) {
            return ZoneId.of("UTC");
        }
    }
}
