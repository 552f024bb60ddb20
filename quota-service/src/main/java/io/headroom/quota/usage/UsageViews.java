package io.headroom.quota.usage;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The bodies of the usage endpoints (spec/quota-service.md §4). */
public final class UsageViews {

    private UsageViews() {
    }

    /** A period: the billing cycle, or the hour or day a metric is limited in. */
    public record Period(Instant start, Instant end) {
    }

    /**
     * One metric in its window: {@code limit} 0 is unlimited, and then {@code remaining} and
     * {@code percent} are null. {@code window} is {@code cycle}, {@code hour} or {@code day}.
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record MetricUsage(String window, Instant periodStart, Instant periodEnd, long limit, long used,
            Long remaining, Double percent) {

        static MetricUsage of(String window, Period period, long limit, long used) {
            if (limit <= 0) {
                return new MetricUsage(window, period.start(), period.end(), 0, used, null, null);
            }
            double percent = Math.round(used * 1000.0 / limit) / 10.0;
            return new MetricUsage(window, period.start(), period.end(), limit, used, Math.max(0, limit - used),
                    percent);
        }
    }

    /** {@code GET /v1/projects/{id}/usage}. */
    public record ProjectUsage(String projectId, boolean sandbox, Period cycle, Map<String, MetricUsage> metrics) {
    }

    /** {@code GET /v1/accounts/{id}/usage}: every project and the sums of their usage. */
    public record AccountUsage(String accountId, Period cycle, List<ProjectUsage> projects, Map<String, Long> totals) {
    }

    /** One step of {@code GET /v1/projects/{id}/usage/history}. */
    public record HistoryPoint(Instant start, long allowed, long denied) {
    }

    /** The answer of {@code POST /v1/projects/{id}/usage}. */
    public record Metered(String metric, long used, long limit, Long remaining, boolean overLimit) {
    }
}
