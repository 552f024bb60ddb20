package io.headroom.quota.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.outbox.Outbox;
import io.headroom.quota.config.QuotaConfig;
import io.headroom.quota.ratelimit.CheckKind;
import io.headroom.quota.ratelimit.Decision;
import io.headroom.quota.ratelimit.LimitType;
import io.headroom.quota.ratelimit.ProjectPolicy;
import io.headroom.quota.ratelimit.WindowCount;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Uni;

/**
 * Keeps what the decision path counted and writes it to PostgreSQL off that path: once per flush
 * interval (1 s by default), and at once when a call used up a window. One transaction adds the
 * calls to the billing-cycle totals and the hourly rollups and puts the coalesced
 * {@code usage.snapshot} events into the outbox: per instance at most one per project and metric
 * per interval, with the highest count seen, and at once when a window was used up. If the write fails, the counts go back and are written next time.
 *
 * <p>What a crash of this JVM can lose is what it counted since its last flush; what a loss of
 * Redis can make the cycle count forget is what other instances counted since theirs (this
 * instance adds its own unwritten counts when it rebuilds a cycle, {@link #unwrittenCycleCount}).
 */
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);
    private static final long HOUR = 3_600;
    private static final long TICK_MILLIS = 100;
    /** spec/quota-service.md §6: a (project, metric) is published at most once per second. */
    private static final long SNAPSHOT_SPACING_MILLIS = 1_000;

    private final PendingCounts<CycleKey> cycleCalls = new PendingCounts<>();
    private final PendingCounts<RollupKey> allowed = new PendingCounts<>();
    private final PendingCounts<RollupKey> denied = new PendingCounts<>();
    private final Map<SnapshotKey, UsageState> changed = new ConcurrentHashMap<>();
    private final Map<SnapshotKey, Long> lastPublished = new ConcurrentHashMap<>();
    private final AtomicBoolean urgent = new AtomicBoolean();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicLong flushesCommitted = new AtomicLong();
    private final UsageWrites writes;
    private final Outbox outbox;
    private final Clock clock;
    private final long flushIntervalMillis;
    private final Timer flushTimer;
    private final Vertx vertx;
    private volatile long nextFlushAt;
    private long timer;

    public UsageRecorder(UsageWrites writes, Outbox outbox, Clock clock, QuotaConfig config, MeterRegistry registry,
            Vertx vertx) {
        this.vertx = vertx;
        this.writes = writes;
        this.outbox = outbox;
        this.clock = clock;
        this.flushIntervalMillis = config.quota().flushInterval().toMillis();
        this.flushTimer = registry.timer("headroom.usage.flush");
    }

    /** Counts one decision: never blocks, never touches a store. */
    public void record(ProjectPolicy policy, CheckKind kind, Decision decision) {
        long hourStart = decision.nowMillis() / 1000 / HOUR * HOUR;
        long cost = decision.cost();
        for (Metric metric : metricsOf(kind)) {
            (decision.allowed() ? allowed : denied).add(new RollupKey(policy.projectId(), metric, hourStart), cost);
        }
        if (!decision.allowed()) {
            return;
        }
        for (WindowCount count : decision.windows()) {
            if (count.window().durable()) {
                cycleCalls.add(new CycleKey(policy.projectId(), count.window().start()), cost);
            }
            Metric metric = snapshotMetric(count.window().type());
            if (metric != null) {
                changed.merge(new SnapshotKey(policy.projectId(), metric), UsageState.of(policy.accountId(), count),
                        UsageState::newer);
                if (count.exhausted()) { // a published window used up goes out at once
                    urgent.set(true);
                }
            }
        }
    }

    /** Counts calls let through without a decision (Redis unreachable): billed all the same. */
    public void recordUnenforced(ProjectPolicy policy, CheckKind kind, long cost, Instant now) {
        long hourStart = now.getEpochSecond() / HOUR * HOUR;
        for (Metric metric : metricsOf(kind)) {
            allowed.add(new RollupKey(policy.projectId(), metric, hourStart), cost);
        }
        if (!policy.sandbox()) {
            cycleCalls.add(new CycleKey(policy.projectId(), policy.cycleAt(now).start().getEpochSecond()), cost);
        }
    }

    /** Counts a refused call of a metric decided outside the check (a webhook call past its bucket). */
    public void recordDenied(String projectId, Metric metric, long nowMillis) {
        denied.add(new RollupKey(projectId, metric, nowMillis / 1000 / HOUR * HOUR), 1);
    }

    /** Asks for a flush at the next tick, as when a window was used up. */
    public void flushSoon() {
        urgent.set(true);
    }

    /**
     * How many flushes have committed: a reader that adds unwritten counts to what it read from
     * PostgreSQL reads again if this changed meanwhile (a count may have moved between the two).
     */
    public long flushesCommitted() {
        return flushesCommitted.get();
    }

    /** Calls of one hour this instance counted as allowed and has not yet written. */
    public long unwrittenAllowed(String projectId, Metric metric, long hourStart) {
        return allowed.unwritten(new RollupKey(projectId, metric, hourStart));
    }

    /** Calls of the project's cycle this instance counted and has not yet written. */
    public long unwrittenCycleCount(String projectId, long cycleStart) {
        return cycleCalls.unwritten(new CycleKey(projectId, cycleStart));
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(TICK_MILLIS, id -> tick());
    }

    /** A graceful stop writes what was counted, so a restart loses nothing. */
    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        try {
            VertxContextSupport.subscribeAndAwait(this::flush);
        } catch (Throwable e) {
            LOG.warnf("usage not written at shutdown: %s", e.toString());
        }
    }

    /**
     * Every 100 ms (the scheduler does not tick below a second): flushes once the interval has
     * passed, or at once when asked; one flush at a time, on its own safe Vert.x context.
     */
    private void tick() {
        long now = clock.millis();
        if ((!urgent.get() && now < nextFlushAt) || !flushing.compareAndSet(false, true)) {
            return;
        }
        urgent.set(false);
        nextFlushAt = now + flushIntervalMillis;
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom().deferred(this::flush) // a throw must not leave "flushing" set
                .onFailure().invoke(e -> LOG.warnf("usage flush failed, retried next interval: %s", e.toString()))
                .onFailure().recoverWithNull()
                .eventually(() -> {
                    flushing.set(false);
                })
                .subscribe().with(done -> { }, e -> { }));
    }

    /** Writes everything counted so far; completes when it is committed. */
    public Uni<Void> flush() {
        List<Map.Entry<CycleKey, Long>> cycles = cycleCalls.drain();
        List<Map.Entry<RollupKey, Long>> allowedRows = allowed.drain();
        List<Map.Entry<RollupKey, Long>> deniedRows = denied.drain();
        Instant now = clock.instant();
        List<Map.Entry<SnapshotKey, UsageState>> snapshots = takeDue(now.toEpochMilli());
        long started = System.nanoTime();
        return Panache.withTransaction(() -> writes.addCycleCalls(cycles, Metric.API_CALLS)
                .chain(() -> writes.addRollups(rollupRows(allowedRows, deniedRows)))
                .chain(() -> publish(snapshots, now))
                .chain(() -> writes.takeDueSnapshots(now))
                .chain(due -> publishAll(due)))
                .invoke(() -> {
                    flushesCommitted.incrementAndGet();
                    cycleCalls.committed(cycles);
                    allowed.committed(allowedRows);
                    denied.committed(deniedRows);
                    flushTimer.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
                    forgetIdle(now);
                })
                .onFailure().invoke(() -> {
                    cycleCalls.restore(cycles);
                    allowed.restore(allowedRows);
                    denied.restore(deniedRows);
                    snapshots.forEach(e -> {
                        changed.merge(e.getKey(), e.getValue(), UsageState::newer);
                        lastPublished.remove(e.getKey());
                    });
                });
    }

    /**
     * The changed states to publish now: each (project, metric) at most once per flush interval,
     * except a state whose window is used up, which goes at once. The others wait for their turn.
     */
    private List<Map.Entry<SnapshotKey, UsageState>> takeDue(long nowMillis) {
        List<Map.Entry<SnapshotKey, UsageState>> taken = new ArrayList<>();
        for (Map.Entry<SnapshotKey, UsageState> entry : changed.entrySet()) {
            Long last = lastPublished.get(entry.getKey());
            boolean due = entry.getValue().usedUp() || last == null
                    || nowMillis - last >= Math.max(SNAPSHOT_SPACING_MILLIS, flushIntervalMillis - TICK_MILLIS);
            if (due && changed.remove(entry.getKey(), entry.getValue())) {
                taken.add(Map.entry(entry.getKey(), entry.getValue()));
                lastPublished.put(entry.getKey(), nowMillis);
            }
        }
        return taken;
    }

    private Uni<Void> publish(List<Map.Entry<SnapshotKey, UsageState>> snapshots, Instant now) {
        List<UsageSnapshot> events = new ArrayList<>(snapshots.size());
        for (Map.Entry<SnapshotKey, UsageState> entry : snapshots) {
            events.add(entry.getValue().toEvent(entry.getKey().projectId(), entry.getKey().metric(), now));
        }
        return publishAll(events);
    }

    private Uni<Void> publishAll(List<UsageSnapshot> events) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (UsageSnapshot event : events) {
            chain = chain.chain(() -> outbox.add(event));
        }
        return chain;
    }

    private static List<UsageWrites.RollupRow> rollupRows(List<Map.Entry<RollupKey, Long>> allowedRows,
            List<Map.Entry<RollupKey, Long>> deniedRows) {
        Map<RollupKey, long[]> rows = new HashMap<>();
        allowedRows.forEach(e -> rows.computeIfAbsent(e.getKey(), k -> new long[2])[0] += e.getValue());
        deniedRows.forEach(e -> rows.computeIfAbsent(e.getKey(), k -> new long[2])[1] += e.getValue());
        List<UsageWrites.RollupRow> out = new ArrayList<>(rows.size());
        rows.forEach((key, counts) -> out.add(new UsageWrites.RollupRow(key.projectId(), key.metric(),
                Instant.ofEpochSecond(key.hourStart()), counts[0], counts[1])));
        return out;
    }

    private void forgetIdle(Instant now) {
        long hourAgo = now.getEpochSecond() - HOUR - 60;
        allowed.forgetIdle(key -> key.hourStart() < hourAgo);
        denied.forgetIdle(key -> key.hourStart() < hourAgo);
        cycleCalls.forgetIdle(key -> key.cycleStart() < now.getEpochSecond() - 40L * 24 * HOUR);
        lastPublished.values().removeIf(at -> at < now.toEpochMilli() - HOUR * 1000);
    }

    private static final List<Metric> API_METRICS = List.of(Metric.API_CALLS);
    private static final List<Metric> BULK_METRICS = List.of(Metric.API_CALLS, Metric.BULK_API_CALLS);
    private static final List<Metric> CLIENT_METRICS = List.of(Metric.API_CALLS, Metric.CLIENT_CALLS);

    /** The rollup metrics a call of {@code kind} counts in: every call is an API call. */
    private static List<Metric> metricsOf(CheckKind kind) {
        return switch (kind) {
            case API -> API_METRICS;
            case BULK -> BULK_METRICS;
            case CLIENT -> CLIENT_METRICS;
        };
    }

    /** The metric a window's count is published as: the cycle and the bulk hour (the Sandbox is not published). */
    private static Metric snapshotMetric(LimitType type) {
        return switch (type) {
            case API_CALLS_CYCLE -> Metric.API_CALLS;
            case BULK_API_CALLS -> Metric.BULK_API_CALLS;
            default -> null;
        };
    }

    record CycleKey(String projectId, long cycleStart) {
    }

    record RollupKey(String projectId, Metric metric, long hourStart) {
    }

    record SnapshotKey(String projectId, Metric metric) {
    }

    /** The newest count of a window, to be published. */
    record UsageState(String accountId, long used, long limit, long start, long end, String window) {

        static UsageState of(String accountId, WindowCount count) {
            long start = count.window().durable() ? count.window().start() : count.resetAt() - count.window().seconds();
            return new UsageState(accountId, count.used(), count.window().limit(), start, count.resetAt(),
                    count.window().durable() ? "cycle" : "hour");
        }

        boolean usedUp() {
            return limit > 0 && used >= limit;
        }

        /** Of two states of one (project, metric), the later period, or the higher count in one period. */
        static UsageState newer(UsageState a, UsageState b) {
            if (a.start() != b.start()) {
                return a.start() > b.start() ? a : b;
            }
            return a.used() >= b.used() ? a : b;
        }

        UsageSnapshot toEvent(String projectId, Metric metric, Instant now) {
            return UsageSnapshot.of(now, accountId, projectId, metric.wire(), Instant.ofEpochSecond(start),
                    Instant.ofEpochSecond(end), used, limit, window);
        }
    }
}
