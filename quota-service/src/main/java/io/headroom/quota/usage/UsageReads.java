package io.headroom.quota.usage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Reads of the usage tables with the reactive client: cycle totals and hourly rollups. */
@ApplicationScoped
public class UsageReads {

    private final Pool pool;

    public UsageReads(Pool pool) {
        this.pool = pool;
    }

    /** (project, metric) → the cycle's total, for the cycles starting at {@code cycleStart}. */
    public Uni<Map<String, Long>> cycleTotals(List<String> projectIds, Instant cycleStart) {
        return pool.preparedQuery("select project_id, metric, used from cycle_usage where project_id = any($1)"
                + " and cycle_start = $2")
                .execute(Tuple.of(projectIds.toArray(String[]::new), utc(cycleStart)))
                .map(rows -> byProjectAndMetric(rows, "used"));
    }

    /** (project, metric) → calls allowed in [from, to). */
    public Uni<Map<String, Long>> allowedBetween(List<String> projectIds, List<Metric> metrics, Instant from,
            Instant to) {
        return pool.preparedQuery("select project_id, metric, sum(allowed) as allowed from usage_rollup"
                + " where project_id = any($1) and metric = any($2) and hour_start >= $3 and hour_start < $4"
                + " group by project_id, metric")
                .execute(Tuple.of(projectIds.toArray(String[]::new),
                        metrics.stream().map(Metric::wire).toArray(String[]::new), utc(from), utc(to)))
                .map(rows -> byProjectAndMetric(rows, "allowed"));
    }

    /** The webhook calls each project accepted on the day starting at {@code dayStart}: its daily bucket's count. */
    public Uni<Map<String, Long>> webhookDay(List<String> projectIds, Instant dayStart) {
        return pool.preparedQuery("select project_id, 'webhook_calls' as metric, used from webhook_day"
                + " where project_id = any($1) and day_start = $2")
                .execute(Tuple.of(projectIds.toArray(String[]::new), utc(dayStart)))
                .map(rows -> byProjectAndMetric(rows, "used"));
    }

    /** The hourly rollups of one metric in [from, to), oldest first. */
    public Uni<List<UsageViews.HistoryPoint>> hours(String projectId, Metric metric, Instant from, Instant to) {
        return pool.preparedQuery("select hour_start, allowed, denied from usage_rollup where project_id = $1"
                + " and metric = $2 and hour_start >= $3 and hour_start < $4 order by hour_start")
                .execute(Tuple.of(projectId, metric.wire(), utc(from), utc(to)))
                .map(rows -> {
                    List<UsageViews.HistoryPoint> points = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        points.add(new UsageViews.HistoryPoint(row.getOffsetDateTime("hour_start").toInstant(),
                                row.getLong("allowed"), row.getLong("denied")));
                    }
                    return points;
                });
    }

    private static Map<String, Long> byProjectAndMetric(RowSet<Row> rows, String column) {
        Map<String, Long> totals = new HashMap<>();
        for (Row row : rows) {
            totals.put(key(row.getString("project_id"), row.getString("metric")), row.getLong(column));
        }
        return totals;
    }

    static String key(String projectId, String metric) {
        return projectId + "|" + metric;
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
