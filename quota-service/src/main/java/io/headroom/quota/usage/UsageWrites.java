package io.headroom.quota.usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.event.UsageSnapshot;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The usage tables (migration V3), written inside the caller's transaction: billing-cycle totals
 * ({@code cycle_usage}), hourly rollups ({@code usage_rollup}) and the durable list of snapshots
 * still to publish ({@code usage_snapshot_due}). Many rows go in one statement.
 */
@ApplicationScoped
public class UsageWrites {

    /** Rows per statement: well under PostgreSQL's 65,535 bind parameters. */
    private static final int CHUNK = 500;

    /** One hour of one metric of one project: the calls allowed and denied in it. */
    public record RollupRow(String projectId, Metric metric, Instant hourStart, long allowed, long denied) {
    }

    /** Adds counted calls to their cycles' totals. */
    Uni<Void> addCycleCalls(List<Map.Entry<UsageRecorder.CycleKey, Long>> counts, Metric metric) {
        List<Map.Entry<UsageRecorder.CycleKey, Long>> sorted = new ArrayList<>(counts);
        sorted.sort(Comparator.comparing((Map.Entry<UsageRecorder.CycleKey, Long> e) -> e.getKey().projectId())
                .thenComparingLong(e -> e.getKey().cycleStart()));
        return upsert(sorted, 4, "insert into cycle_usage (project_id, metric, cycle_start, used) values ",
                " on conflict (project_id, metric, cycle_start) do update set used = cycle_usage.used + excluded.used",
                (q, row) -> {
                    q.add(row.getKey().projectId());
                    q.add(metric.wire());
                    q.add(Instant.ofEpochSecond(row.getKey().cycleStart()));
                    q.add(row.getValue());
                });
    }

    /** Adds allowed and denied calls to their hours. */
    public Uni<Void> addRollups(List<RollupRow> rows) {
        List<RollupRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(RollupRow::projectId).thenComparing(r -> r.metric().wire())
                .thenComparing(RollupRow::hourStart));
        return upsert(sorted, 5, "insert into usage_rollup (project_id, metric, hour_start, allowed, denied) values ",
                " on conflict (project_id, metric, hour_start) do update set allowed = usage_rollup.allowed"
                        + " + excluded.allowed, denied = usage_rollup.denied + excluded.denied",
                (q, row) -> {
                    q.add(row.projectId());
                    q.add(row.metric().wire());
                    q.add(row.hourStart());
                    q.add(row.allowed());
                    q.add(row.denied());
                });
    }

    /** Adds {@code amount} to a cycle's total; the new total. */
    public Uni<Long> addToCycle(String projectId, Metric metric, Instant cycleStart, long amount) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into cycle_usage (project_id, metric, cycle_start, used) values (:project, :metric, :start,"
                        + " :amount) on conflict (project_id, metric, cycle_start) do update"
                        + " set used = cycle_usage.used + excluded.used returning used", Long.class)
                .setParameter("project", projectId).setParameter("metric", metric.wire())
                .setParameter("start", cycleStart).setParameter("amount", amount)
                .getSingleResult());
    }

    /** Remembers that the newest state of (project, metric) is to be published; the latest wins. */
    public Uni<Void> snapshotDue(UsageSnapshot state) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into usage_snapshot_due (project_id, metric, account_id, period_start, period_end, used,"
                        + " limit_value, window_name, updated_at) values (:project, :metric, :account, :start, :end,"
                        + " :used, :limit, :window, :at) on conflict (project_id, metric, window_name) do update set"
                        + " account_id = excluded.account_id, period_start = excluded.period_start,"
                        + " period_end = excluded.period_end, used = excluded.used, limit_value = excluded.limit_value,"
                        + " updated_at = excluded.updated_at")
                .setParameter("project", state.projectId()).setParameter("metric", state.metric())
                .setParameter("account", state.accountId()).setParameter("start", state.periodStart())
                .setParameter("end", state.periodEnd()).setParameter("used", state.used())
                .setParameter("limit", state.limit()).setParameter("window", state.window())
                .setParameter("at", state.occurredAt())
                .executeUpdate())
                .replaceWithVoid();
    }

    /** Takes up to 500 due snapshots (skipping those another instance is taking) as events. */
    Uni<List<UsageSnapshot>> takeDueSnapshots(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "delete from usage_snapshot_due where (project_id, metric, window_name) in (select project_id, metric, window_name"
                        + " from usage_snapshot_due order by updated_at limit 500 for update skip locked)"
                        + " returning account_id, project_id, metric, extract(epoch from period_start)::bigint,"
                        + " extract(epoch from period_end)::bigint, used, limit_value, window_name", Object[].class)
                .getResultList())
                .map(rows -> {
                    List<UsageSnapshot> events = new ArrayList<>(rows.size());
                    for (Object[] row : rows) {
                        events.add(UsageSnapshot.of(now, (String) row[0], (String) row[1], (String) row[2],
                                Instant.ofEpochSecond(((Number) row[3]).longValue()),
                                Instant.ofEpochSecond(((Number) row[4]).longValue()), ((Number) row[5]).longValue(),
                                ((Number) row[6]).longValue(), (String) row[7]));
                    }
                    return events;
                });
    }

    private static <T> Uni<Void> upsert(List<T> rows, int columns, String insert, String onConflict,
            BiConsumer<List<Object>, T> values) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int from = 0; from < rows.size(); from += CHUNK) {
            List<T> chunk = rows.subList(from, Math.min(rows.size(), from + CHUNK));
            chain = chain.chain(() -> Panache.getSession().chain(session -> statement(session, chunk, columns,
                    insert, onConflict, values).executeUpdate())).replaceWithVoid();
        }
        return chain;
    }

    private static <T> Mutiny.Query<?> statement(Mutiny.Session session, List<T> rows, int columns,
            String insert, String onConflict, BiConsumer<List<Object>, T> values) {
        StringBuilder sql = new StringBuilder(insert);
        List<Object> params = new ArrayList<>(rows.size() * columns);
        for (T row : rows) {
            if (!params.isEmpty()) {
                sql.append(',');
            }
            sql.append('(');
            for (int c = 0; c < columns; c++) {
                sql.append(c == 0 ? ":p" : ", :p").append(params.size() + c);
            }
            sql.append(')');
            values.accept(params, row);
        }
        sql.append(onConflict);
        Mutiny.Query<?> query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            query.setParameter("p" + i, params.get(i));
        }
        return query;
    }
}
