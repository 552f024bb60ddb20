package io.headroom.distribution.send;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.db.NativeRows;
import io.headroom.common.id.Ids;
import io.headroom.distribution.limit.AntispamState;
import io.headroom.distribution.limit.CalendarPeriods;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The SQL of sending: accounts read under lock, period counters, distributions and their messages. */
@ApplicationScoped
public class DistributionStore {

    /** The account a project belongs to, or null when no such project is known. */
    public Uni<String> accountOf(String projectId) {
        return session().chain(s -> s.createNativeQuery(
                "select account_id from project_projection where project_id = :project", String.class)
                .setParameter("project", projectId).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    /**
     * The account and its check, its row locked until the transaction ends: every distribution of
     * the account counts after the one before it has committed, on every instance.
     */
    public Uni<SendingAccount> lockAccount(String accountId) {
        return account(accountId, " for update of a");
    }

    /** The account and its check, without a lock (for reading the limits). */
    public Uni<SendingAccount> account(String accountId) {
        return account(accountId, "");
    }

    private static Uni<SendingAccount> account(String accountId, String lock) {
        return session().chain(s -> s.createNativeQuery("select a.plan, a.pricing_scheme, a.created_at, a.timezone,"
                + " a.distributions_per_day, a.distributions_per_month, c.state from account_projection a"
                + " left join antispam_check c on c.account_id = a.account_id where a.account_id = :account" + lock,
                Object[].class)
                .setParameter("account", accountId).getResultList())
                .map(rows -> rows.isEmpty() ? null : account(accountId, rows.get(0)));
    }

    private static SendingAccount account(String accountId, Object[] row) {
        return new SendingAccount(accountId, (String) row[0], (String) row[1], NativeRows.instant(row[2]),
                (String) row[3], NativeRows.longValue(row[4]), NativeRows.longValue(row[5]),
                AntispamState.of((String) row[6]));
    }

    /** Messages counted so far in the day and the month: {@code [today, thisMonth]}. */
    public Uni<long[]> usage(String accountId, CalendarPeriods periods) {
        return session().chain(s -> s.createNativeQuery("select period, used from distribution_count"
                + " where account_id = :account and ((period = 'day' and period_start = :day)"
                + " or (period = 'month' and period_start = :month))", Object[].class)
                .setParameter("account", accountId).setParameter("day", periods.day().start())
                .setParameter("month", periods.month().start()).getResultList())
                .map(rows -> {
                    Map<String, Long> used = new HashMap<>();
                    rows.forEach(row -> used.put((String) row[0], NativeRows.longValue(row[1])));
                    return new long[] {used.getOrDefault("day", 0L), used.getOrDefault("month", 0L)};
                });
    }

    /** Adds {@code messages} to the day's and the month's count; the counts after. */
    public Uni<long[]> count(String accountId, CalendarPeriods periods, int messages) {
        return session().chain(s -> s.createNativeQuery("insert into distribution_count (account_id, period,"
                + " period_start, used) values (:account, 'day', :day, :n), (:account, 'month', :month, :n)"
                + " on conflict (account_id, period, period_start) do update"
                + " set used = distribution_count.used + excluded.used returning period, used", Object[].class)
                .setParameter("account", accountId).setParameter("day", periods.day().start())
                .setParameter("month", periods.month().start()).setParameter("n", (long) messages)
                .getResultList())
                .map(rows -> {
                    long[] after = new long[2];
                    rows.forEach(row -> after["day".equals(row[0]) ? 0 : 1] = NativeRows.longValue(row[1]));
                    return after;
                });
    }

    /** Stores the distribution and one queued message per recipient, due at once (by the database's clock). */
    public Uni<Void> insert(String id, String accountId, String projectId, DistributionRequest.Valid request,
            String createdBy, Instant now) {
        List<String> recipients = request.recipients();
        String[] messageIds = recipients.stream().map(r -> Ids.next(Ids.MESSAGE)).toArray(String[]::new);
        return session().chain(s -> s.createNativeQuery("insert into distribution (id, account_id, project_id,"
                + " channel, subject, body, webhook_url, message_count, created_by, created_at) values (:id, :account,"
                + " :project, :channel, nullif(:subject, ''), :body, nullif(:url, ''), :count, :by, :now)")
                .setParameter("id", id).setParameter("account", accountId).setParameter("project", projectId)
                .setParameter("channel", request.channel().wire())
                .setParameter("subject", request.subject() == null ? "" : request.subject())
                .setParameter("body", request.body())
                .setParameter("url", request.webhookUrl() == null ? "" : request.webhookUrl())
                .setParameter("count", recipients.size()).setParameter("by", createdBy).setParameter("now", now)
                .executeUpdate()
                .chain(() -> s.createNativeQuery("insert into message (id, distribution_id, position, recipient,"
                        + " state, attempts, next_attempt_at) select m.id, :distribution, m.position::int, m.recipient,"
                        + " 'queued', 0, clock_timestamp() from unnest(cast(:ids as text[]), cast(:recipients as text[]))"
                        + " with ordinality"
                        + " as m(id, recipient, position)")
                        .setParameter("distribution", id)
                        .setParameter("ids", messageIds).setParameter("recipients", recipients.toArray(String[]::new))
                        .executeUpdate()))
                .replaceWithVoid();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
