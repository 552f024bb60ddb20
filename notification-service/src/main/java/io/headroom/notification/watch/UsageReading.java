package io.headroom.notification.watch;

import java.time.Instant;

import io.headroom.common.event.DistributionUsage;
import io.headroom.common.event.UsageSnapshot;
import io.headroom.notification.rule.Metric;

/**
 * One usage state of a project's metric in a period, as quota-service ({@code usage.snapshot}) or
 * distribution-service ({@code distribution.usage}) reported it: {@code used} of {@code limit}
 * (0 = unlimited) in the {@code window} ({@code cycle}, {@code day}, {@code hour}, {@code month})
 * from {@code periodStart} to {@code periodEnd}, as of {@code readAt}.
 */
public record UsageReading(String accountId, String projectId, Metric metric, String window, Instant periodStart,
        Instant periodEnd, long used, long limit, Instant readAt) {

    public static final String HOUR = "hour";

    /** The reading of a snapshot, or null for a metric nobody is told about (e.g. {@code client_calls}). */
    public static UsageReading of(UsageSnapshot snapshot) {
        Metric metric = Metric.byWire(snapshot.metric());
        if (metric == null || metric == Metric.DISTRIBUTION_MESSAGES) {
            return null;
        }
        return new UsageReading(snapshot.accountId(), snapshot.projectId(), metric, snapshot.window(),
                snapshot.periodStart(), snapshot.periodEnd(), snapshot.used(), snapshot.limit(),
                snapshot.occurredAt());
    }

    public static UsageReading of(DistributionUsage usage) {
        return new UsageReading(usage.accountId(), usage.projectId(), Metric.DISTRIBUTION_MESSAGES, usage.period(),
                usage.periodStart(), usage.periodEnd(), usage.used(), usage.limit(), usage.occurredAt());
    }

    /** A clock hour of webhook calls: the webhook-hour alert's reading, not a threshold's. */
    public boolean isWebhookHour() {
        return metric == Metric.WEBHOOK_CALLS && HOUR.equals(window);
    }

    /** Whether the hour's calls went above the hourly share of the daily bucket (the limit). */
    public boolean exceedsLimit() {
        return limit > 0 && used > limit;
    }
}
