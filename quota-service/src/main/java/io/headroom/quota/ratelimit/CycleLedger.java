package io.headroom.quota.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.headroom.quota.usage.Metric;
import io.headroom.quota.usage.UsageRecorder;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rebuilds a billing cycle's count that Redis lost (a flush, a restart without persistence):
 * the total written to PostgreSQL plus what this instance counted and has not written yet.
 * Only calls other instances counted since their last flush (at most one flush interval) can be
 * missing from it.
 */
@ApplicationScoped
public class CycleLedger {

    private static final String TOTAL = "select used from cycle_usage where project_id = $1 and metric = $2"
            + " and cycle_start = $3";

    private final Pool pool;
    private final UsageRecorder recorder;

    public CycleLedger(Pool pool, UsageRecorder recorder) {
        this.pool = pool;
        this.recorder = recorder;
    }

    /** The cycle's count as far as it can be known without Redis. */
    public Uni<Long> count(String projectId, long cycleStart) {
        OffsetDateTime start = OffsetDateTime.ofInstant(Instant.ofEpochSecond(cycleStart), ZoneOffset.UTC);
        // Unwritten first, PostgreSQL second: a flush committing in between is then counted twice
        // (a few calls too many, refusing early), never missed.
        long unwritten = recorder.unwrittenCycleCount(projectId, cycleStart);
        return pool.preparedQuery(TOTAL).execute(Tuple.of(projectId, Metric.API_CALLS.wire(), start))
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong("used"))
                .map(written -> written + unwritten);
    }
}
