package io.headroom.quota.ratelimit;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.Plan;
import io.headroom.quota.plan.PlanCatalog;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Reads a project's {@link ProjectPolicy} from PostgreSQL with the reactive client (no ORM
 * session, so it can run on any request's context): the project and its account, then the
 * account's packages not yet ended.
 */
@ApplicationScoped
public class PolicyLoader {

    private static final String COLUMNS = "select p.id as project_id, p.account_id, p.sandbox, a.plan,"
            + " a.custom_limits, a.cycle_anchor_day, a.timezone from project p join account a on a.id = p.account_id";
    private static final String PROJECT = COLUMNS + " where p.id = $1";
    private static final String ACCOUNT = COLUMNS + " where a.id = $1 order by p.created_at, p.id";
    private static final String PACKAGES = "select extra_per_minute, extra_per_hour, extra_per_cycle, valid_from,"
            + " valid_until from api_package where account_id = $1 and ended_at is null and valid_until > now()";

    private final Pool pool;
    private final PlanCatalog catalog;
    private final ObjectMapper mapper;

    public PolicyLoader(Pool pool, PlanCatalog catalog, ObjectMapper mapper) {
        this.pool = pool;
        this.catalog = catalog;
        this.mapper = mapper;
    }

    /** The project's policy, or null when there is no such project. */
    public Uni<ProjectPolicy> load(String projectId) {
        return policies(PROJECT, projectId).map(found -> found.isEmpty() ? null : found.get(0));
    }

    /** The policies of every project of the account, oldest project first; empty when there is no such account. */
    public Uni<List<ProjectPolicy>> loadAccount(String accountId) {
        return policies(ACCOUNT, accountId);
    }

    private Uni<List<ProjectPolicy>> policies(String query, String id) {
        return pool.preparedQuery(query).execute(Tuple.of(id)).chain(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(List.<ProjectPolicy>of());
            }
            List<Row> projects = new ArrayList<>();
            rows.forEach(projects::add);
            String accountId = projects.get(0).getString("account_id");
            return pool.preparedQuery(PACKAGES).execute(Tuple.of(accountId)).map(packages -> {
                List<PackageExtras> extras = new ArrayList<>();
                for (Row p : packages) {
                    extras.add(new PackageExtras(p.getLong("extra_per_minute"), p.getLong("extra_per_hour"),
                            p.getLong("extra_per_cycle"), p.getOffsetDateTime("valid_from").toInstant(),
                            p.getOffsetDateTime("valid_until").toInstant()));
                }
                List<PackageExtras> accountExtras = List.copyOf(extras);
                List<ProjectPolicy> policies = new ArrayList<>(projects.size());
                for (Row row : projects) {
                    Plan plan = Plan.valueOf(row.getString("plan"));
                    policies.add(new ProjectPolicy(row.getString("project_id"), accountId, row.getBoolean("sandbox"),
                            catalog.effective(plan, customLimits(row.getString("custom_limits"))), accountExtras,
                            row.getInteger("cycle_anchor_day"), ZoneId.of(row.getString("timezone"))));
                }
                return policies;
            });
        });
    }

    private CustomLimits customLimits(String json) {
        if (json == null) {
            return CustomLimits.NONE;
        }
        try {
            return mapper.readValue(json, CustomLimits.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored custom limits are unreadable", e);
        }
    }
}
