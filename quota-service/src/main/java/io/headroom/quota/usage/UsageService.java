package io.headroom.quota.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.idempotency.Idempotency;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.account.BillingCycle;
import io.headroom.quota.ratelimit.ApiLimits;
import io.headroom.quota.ratelimit.PolicyCache;
import io.headroom.quota.ratelimit.PolicyLoader;
import io.headroom.quota.ratelimit.ProjectPolicy;
import io.headroom.quota.config.QuotaConfig;
import io.headroom.quota.webhook.DailyBucket;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Metered usage and the usage views (spec/quota-service.md §4). Views read PostgreSQL: the cycle
 * totals and hourly rollups the {@link UsageRecorder} writes every flush interval, plus what this
 * instance counted and has not written yet, so they trail other instances by at most one interval.
 */
@ApplicationScoped
public class UsageService {

    /** The only metered metric: recorded, shown and notified, never refused. */
    static final Metric METERED = Metric.REDEMPTIONS;
    static final Duration MAX_HOURS = Duration.ofDays(31);
    static final Duration MAX_DAYS = Duration.ofDays(400);
    static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final PolicyLoader policies;
    private final PolicyCache cachedPolicies;
    private final UsageReads reads;
    private final UsageWrites writes;
    private final UsageRecorder recorder;
    private final Idempotency idempotency;
    private final Access access;
    private final Clock clock;
    private final long sandboxCallsPerHour;

    public UsageService(PolicyLoader policies, PolicyCache cachedPolicies, UsageReads reads, UsageWrites writes, UsageRecorder recorder,
            Idempotency idempotency, Access access, Clock clock, QuotaConfig config) {
        this.policies = policies;
        this.cachedPolicies = cachedPolicies;
        this.reads = reads;
        this.writes = writes;
        this.recorder = recorder;
        this.idempotency = idempotency;
        this.access = access;
        this.clock = clock;
        this.sandboxCallsPerHour = config.quota().sandboxCallsPerHour();
    }

    /** Records metered usage; with an {@code Idempotency-Key}, a repeat counts nothing again. */
    @WithTransaction
    public Uni<UsageViews.Metered> meter(String projectId, MeteredUsage request, String idempotencyKey) {
        if (Metric.byName(request.metric()) != METERED) {
            return Uni.createFrom().failure(Problems.invalid("metric", "must be redemptions"));
        }
        return project(projectId)
                .invoke(policy -> access.requireProjectAdminOrGateway(policy.accountId(), projectId))
                .chain(policy -> idempotency.once("usage:" + projectId, idempotencyKey, request,
                        UsageViews.Metered.class, () -> count(policy, request.quantity())));
    }

    private Uni<UsageViews.Metered> count(ProjectPolicy policy, long quantity) {
        Instant now = clock.instant();
        BillingCycle cycle = policy.cycleAt(now);
        long limit = policy.sandbox() ? 0 : policy.limits().redemptionsPerCycle();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        return writes.addToCycle(policy.projectId(), METERED, cycle.start(), quantity)
                .call(() -> writes.addRollups(List.of(
                        new UsageWrites.RollupRow(policy.projectId(), METERED, hour, quantity, 0))))
                .call(used -> writes.snapshotDue(UsageSnapshot.of(now, policy.accountId(), policy.projectId(),
                        METERED.wire(), cycle.start(), cycle.end(), used, limit, "cycle")))
                .map(used -> {
                    if (limit > 0 && used >= limit && used - quantity < limit) {
                        recorder.flushSoon();
                    }
                    return new UsageViews.Metered(METERED.wire(), used, limit,
                            limit > 0 ? Math.max(0, limit - used) : null, limit > 0 && used > limit);
                });
    }

    /** The project's usage in its current cycle. */
    public Uni<UsageViews.ProjectUsage> projectUsage(String projectId) {
        return project(projectId)
                .invoke(policy -> access.requireProjectReader(policy.accountId(), projectId))
                .chain(policy -> summaries(List.of(policy), clock.instant()))
                .map(list -> list.get(0));
    }

    /** Every project's usage and the account's totals, for the owner. */
    public Uni<UsageViews.AccountUsage> accountUsage(String accountId) {
        Instant now = clock.instant();
        return policies.loadAccount(accountId)
                .invoke(list -> {
                    if (list.isEmpty()) {
                        throw Problems.notFound("account", accountId);
                    }
                    access.requireAccountOwner(accountId, "account", accountId);
                })
                .chain(list -> summaries(list, now).map(projects -> {
                    Map<String, Long> totals = new TreeMap<>();
                    // totals add cycle-long (or daily) counts; a Sandbox project's api_calls are per hour
                    projects.forEach(p -> p.metrics().forEach((metric, usage) -> {
                        if (!(p.sandbox() && metric.equals(Metric.API_CALLS.wire()))) {
                            totals.merge(metric, usage.used(), Long::sum);
                        }
                    }));
                    BillingCycle cycle = list.get(0).cycleAt(now);
                    return new UsageViews.AccountUsage(accountId, new UsageViews.Period(cycle.start(), cycle.end()),
                            projects, totals);
                }));
    }

    /** The hourly or daily history of one metric: every step of [from, to), zeros included. */
    public Uni<List<UsageViews.HistoryPoint>> history(String projectId, String metricName, String granularity,
            String fromText, String toText) {
        Metric metric = Metric.byName(metricName == null ? "api_calls" : metricName);
        if (metric == null) {
            throw Problems.invalid("metric", "must be api_calls, bulk_api_calls, client_calls, redemptions or webhook_calls");
        }
        boolean daily = "day".equals(granularity);
        if (granularity != null && !daily && !"hour".equals(granularity)) {
            throw Problems.invalid("granularity", "must be hour or day");
        }
        Instant now = clock.instant();
        // by default the last 24 hours (30 days), ending with the current one
        Instant to = instant("to", toText, next(stepStart(now, daily, ZoneId.of("UTC")), daily, ZoneId.of("UTC")));
        Instant from = instant("from", fromText, to.minus(daily ? Duration.ofDays(30) : Duration.ofHours(24)));
        if (!from.isBefore(to)) {
            throw Problems.invalid("from", "must be before to");
        }
        if (Duration.between(from, to).compareTo(daily ? MAX_DAYS : MAX_HOURS) > 0) {
            throw Problems.invalid("from", daily ? "days span at most 400 days" : "hours span at most 31 days");
        }
        return project(projectId)
                .invoke(policy -> access.requireProjectReader(policy.accountId(), projectId))
                .chain(policy -> {
                    ZoneId zone = daily ? policy.zone() : ZoneId.of("UTC");
                    Instant first = stepStart(from, daily, zone);
                    return reads.hours(projectId, metric, first, to).map(hours -> steps(hours, first, to, daily, zone));
                });
    }

    private Uni<ProjectPolicy> project(String projectId) {
        return cachedPolicies.get(projectId).onItem().ifNull().failWith(() -> Problems.notFound("project", projectId));
    }

    /**
     * The summaries: PostgreSQL's counts plus this instance's unwritten ones, read again (up to
     * three times) when a flush committed in between and may have moved a count from one to the other.
     */
    private Uni<List<UsageViews.ProjectUsage>> summaries(List<ProjectPolicy> projects, Instant now) {
        return summaries(projects, now, 3);
    }

    private Uni<List<UsageViews.ProjectUsage>> summaries(List<ProjectPolicy> projects, Instant now, int tries) {
        long flushes = recorder.flushesCommitted();
        return readSummaries(projects, now).chain(list -> recorder.flushesCommitted() != flushes && tries > 1
                ? summaries(projects, now, tries - 1) : Uni.createFrom().item(list));
    }

    private Uni<List<UsageViews.ProjectUsage>> readSummaries(List<ProjectPolicy> projects, Instant now) {
        ProjectPolicy any = projects.get(0);
        BillingCycle cycle = any.cycleAt(now);
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        DailyBucket day = DailyBucket.of(any, now, sandboxCallsPerHour);
        UsageViews.Period hourPeriod = new UsageViews.Period(hour, hour.plus(Duration.ofHours(1)));
        UsageViews.Period dayPeriod = new UsageViews.Period(day.dayStart(), day.dayEnd());
        UsageViews.Period cyclePeriod = new UsageViews.Period(cycle.start(), cycle.end());
        List<String> ids = projects.stream().map(ProjectPolicy::projectId).toList();
        return reads.cycleTotals(ids, cycle.start()).chain(cycles -> reads.allowedBetween(ids,
                List.of(Metric.API_CALLS, Metric.BULK_API_CALLS), hourPeriod.start(), hourPeriod.end())
                .chain(hours -> reads.webhookDay(ids, dayPeriod.start()).map(days -> {
                            List<UsageViews.ProjectUsage> out = new ArrayList<>(projects.size());
                            for (ProjectPolicy p : projects) {
                                out.add(summary(p, now, cyclePeriod, hourPeriod, dayPeriod, cycles, hours, days));
                            }
                            return out;
                        })));
    }

    private UsageViews.ProjectUsage summary(ProjectPolicy p, Instant now, UsageViews.Period cycle,
            UsageViews.Period hour, UsageViews.Period day, Map<String, Long> cycles, Map<String, Long> hours,
            Map<String, Long> days) {
        String id = p.projectId();
        long hourStart = hour.start().getEpochSecond();
        Map<String, UsageViews.MetricUsage> metrics = new LinkedHashMap<>();
        long redemptions = cycles.getOrDefault(UsageReads.key(id, Metric.REDEMPTIONS.wire()), 0L);
        if (p.sandbox()) {
            long used = hours.getOrDefault(UsageReads.key(id, Metric.API_CALLS.wire()), 0L)
                    + recorder.unwrittenAllowed(id, Metric.API_CALLS, hourStart);
            metrics.put(Metric.API_CALLS.wire(), UsageViews.MetricUsage.of("hour", hour, sandboxCallsPerHour, used));
            metrics.put(Metric.REDEMPTIONS.wire(), UsageViews.MetricUsage.of("cycle", cycle, 0, redemptions));
            return new UsageViews.ProjectUsage(id, true, cycle, metrics);
        }
        ApiLimits limits = p.apiLimitsAt(now);
        long apiCalls = cycles.getOrDefault(UsageReads.key(id, Metric.API_CALLS.wire()), 0L)
                + recorder.unwrittenCycleCount(id, cycle.start().getEpochSecond());
        long bulk = hours.getOrDefault(UsageReads.key(id, Metric.BULK_API_CALLS.wire()), 0L)
                + recorder.unwrittenAllowed(id, Metric.BULK_API_CALLS, hourStart);
        long webhooks = days.getOrDefault(UsageReads.key(id, Metric.WEBHOOK_CALLS.wire()), 0L);
        metrics.put(Metric.API_CALLS.wire(), UsageViews.MetricUsage.of("cycle", cycle, limits.perCycle(), apiCalls));
        metrics.put(Metric.BULK_API_CALLS.wire(), UsageViews.MetricUsage.of("hour", hour, limits.bulkPerHour(), bulk));
        metrics.put(Metric.REDEMPTIONS.wire(),
                UsageViews.MetricUsage.of("cycle", cycle, p.limits().redemptionsPerCycle(), redemptions));
        metrics.put(Metric.WEBHOOK_CALLS.wire(),
                UsageViews.MetricUsage.of("day", day, p.limits().webhookCallsPerDay(), webhooks));
        return new UsageViews.ProjectUsage(id, false, cycle, metrics);
    }

    /** Sums hourly rows into steps of an hour or a day (in {@code zone}) from {@code first} to {@code to}. */
    static List<UsageViews.HistoryPoint> steps(List<UsageViews.HistoryPoint> hours, Instant first, Instant to,
            boolean daily, ZoneId zone) {
        Map<Instant, long[]> sums = new TreeMap<>();
        for (Instant step = first; step.isBefore(to); step = next(step, daily, zone)) {
            sums.put(step, new long[2]);
        }
        for (UsageViews.HistoryPoint hour : hours) {
            long[] sum = sums.get(stepStart(hour.start(), daily, zone));
            if (sum != null) {
                sum[0] += hour.allowed();
                sum[1] += hour.denied();
            }
        }
        List<UsageViews.HistoryPoint> points = new ArrayList<>(sums.size());
        sums.forEach((start, sum) -> points.add(new UsageViews.HistoryPoint(start, sum[0], sum[1])));
        return points;
    }

    private static Instant stepStart(Instant instant, boolean daily, ZoneId zone) {
        return daily ? instant.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant()
                : instant.truncatedTo(ChronoUnit.HOURS);
    }

    private static Instant next(Instant step, boolean daily, ZoneId zone) {
        return daily ? step.atZone(zone).toLocalDate().plusDays(1).atStartOfDay(zone).toInstant()
                : step.plus(Duration.ofHours(1));
    }

    private static Instant instant(String field, String text, Instant fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Instant instant = Instant.parse(text);
            if (instant.isBefore(Instant.EPOCH) || instant.isAfter(LATEST)) {
                throw Problems.invalid(field, "must be between 1970 and 9999");
            }
            return instant;
        } catch (DateTimeParseException e) {
            throw Problems.invalid(field, "must be an ISO-8601 UTC instant such as 2026-11-21T10:00:00Z");
        }
    }
}
