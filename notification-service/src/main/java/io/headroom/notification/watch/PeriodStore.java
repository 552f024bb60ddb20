package io.headroom.notification.watch;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.db.NativeRows;
import io.headroom.notification.rule.PeriodState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The table {@code usage_period}: per (project, metric, window, period) the newest reading and what it notified. */
@ApplicationScoped
public class PeriodStore {

    /** A locked period: when its newest reading was taken, and its state. */
    public record Period(Instant readAt, PeriodState state) {
    }

    /** Whether a later period of the same project, metric and window was seen: then this reading is stale. */
    public Uni<Boolean> laterPeriodSeen(UsageReading reading) {
        return session().chain(s -> s.createNativeQuery("select exists (select 1 from usage_period"
                + " where project_id = :project and metric = :metric and window_name = :window"
                + " and period_start > :start)", Boolean.class)
                .setParameter("project", reading.projectId()).setParameter("metric", reading.metric().wire())
                .setParameter("window", reading.window()).setParameter("start", reading.periodStart())
                .getSingleResult());
    }

    /**
     * The reading's period, created fresh when new, locked until the transaction ends: readings of
     * one period are applied one at a time, across consumers and instances.
     */
    public Uni<Period> lock(UsageReading reading) {
        return session().chain(s -> s.createNativeQuery("insert into usage_period (project_id, metric, window_name,"
                + " period_start, period_end, account_id, used, limit_value, snapshot_at, reached, rearms)"
                + " values (:project, :metric, :window, :start, :end, :account, 0, 0, :never, '', 0)"
                + " on conflict do nothing")
                .setParameter("project", reading.projectId()).setParameter("metric", reading.metric().wire())
                .setParameter("window", reading.window()).setParameter("start", reading.periodStart())
                .setParameter("end", reading.periodEnd()).setParameter("account", reading.accountId())
                .setParameter("never", Instant.EPOCH).executeUpdate())
                .chain(() -> session().chain(s -> s.createNativeQuery("select snapshot_at, reached, rearms"
                        + " from usage_period where project_id = :project and metric = :metric"
                        + " and window_name = :window and period_start = :start for update", Object[].class)
                        .setParameter("project", reading.projectId()).setParameter("metric", reading.metric().wire())
                        .setParameter("window", reading.window()).setParameter("start", reading.periodStart())
                        .getSingleResult()))
                .map(row -> new Period(NativeRows.instant(row[0]),
                        PeriodState.of((String) row[1], NativeRows.intValue(row[2]))));
    }

    public Uni<Void> update(UsageReading reading, PeriodState state) {
        return session().chain(s -> s.createNativeQuery("update usage_period set used = :used, limit_value = :limit,"
                + " snapshot_at = :at, reached = :reached, rearms = :rearms where project_id = :project"
                + " and metric = :metric and window_name = :window and period_start = :start")
                .setParameter("used", reading.used()).setParameter("limit", reading.limit())
                .setParameter("at", reading.readAt()).setParameter("reached", state.reachedText())
                .setParameter("rearms", state.rearms())
                .setParameter("project", reading.projectId()).setParameter("metric", reading.metric().wire())
                .setParameter("window", reading.window()).setParameter("start", reading.periodStart())
                .executeUpdate()).replaceWithVoid();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
