package io.headroom.quota.apipackage;

import java.time.Instant;

/** An API package as the API shows it, with its {@code status} at the time of the answer. */
public record ApiPackageView(String id, String accountId, long extraPerMinute, long extraPerHour, long extraPerCycle,
        Instant validFrom, Instant validUntil, Instant endedAt, Instant createdAt, String status) {

    static ApiPackageView of(ApiPackage p, Instant now) {
        return new ApiPackageView(p.id, p.accountId, p.extraPerMinute, p.extraPerHour, p.extraPerCycle, p.validFrom,
                p.validUntil, p.endedAt, p.createdAt, status(p, now));
    }

    /** {@code ended} (early), {@code expired}, {@code scheduled} or {@code active}. */
    static String status(ApiPackage p, Instant now) {
        if (p.endedAt != null) {
            return "ended";
        }
        if (!now.isBefore(p.validUntil)) {
            return "expired";
        }
        return now.isBefore(p.validFrom) ? "scheduled" : "active";
    }
}
