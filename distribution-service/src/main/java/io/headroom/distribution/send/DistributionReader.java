package io.headroom.distribution.send;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.db.NativeRows;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.distribution.limit.CalendarPeriods;
import io.headroom.distribution.limit.DistributionLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** What the read endpoints answer: a distribution with its messages, an account's limits and usage. */
@ApplicationScoped
public class DistributionReader {

    private final DistributionStore store;
    private final Access access;
    private final Clock clock;

    public DistributionReader(DistributionStore store, Access access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    /** The owner, a project admin or the gateway; another account's distribution, or another project's, is a 404. */
    public Uni<DistributionView> distribution(String projectId, String id) {
        return Panache.withSession(() -> store.accountOf(projectId).chain(accountId -> {
            if (accountId == null) {
                throw Problems.notFound("project", projectId);
            }
            access.requireProjectAdminOrGateway(accountId, projectId);
            return Panache.getSession().chain(s -> s.createNativeQuery("select id, project_id, channel, subject,"
                    + " body, webhook_url, message_count, created_by, created_at from distribution"
                    + " where id = :id and project_id = :project", Object[].class)
                    .setParameter("id", id).setParameter("project", projectId).getResultList())
                    .chain(rows -> {
                        if (rows.isEmpty()) {
                            throw Problems.notFound("distribution", id);
                        }
                        return messages(id).map(messages -> view(rows.get(0), messages));
                    });
        }));
    }

    private static Uni<List<DistributionView.MessageView>> messages(String distributionId) {
        return Panache.getSession().chain(s -> s.createNativeQuery("select id, recipient, state, attempts, last_error,"
                + " sent_at, next_attempt_at from message where distribution_id = :id order by position",
                Object[].class)
                .setParameter("id", distributionId).getResultList())
                .map(rows -> rows.stream().map(row -> new DistributionView.MessageView((String) row[0],
                        (String) row[1], (String) row[2], NativeRows.intValue(row[3]), (String) row[4],
                        NativeRows.instant(row[5]), "queued".equals(row[2]) ? NativeRows.instant(row[6]) : null))
                        .toList());
    }

    private static DistributionView view(Object[] row, List<DistributionView.MessageView> messages) {
        long queued = messages.stream().filter(m -> "queued".equals(m.state())).count();
        long sent = messages.stream().filter(m -> "sent".equals(m.state())).count();
        return new DistributionView((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                (String) row[4], (String) row[5], NativeRows.intValue(row[6]), (String) row[7],
                NativeRows.instant(row[8]), new DistributionView.States(queued, sent, messages.size() - queued - sent),
                messages);
    }

    /** The owner, platform-admin, or a user who administers one of the account's projects. */
    public Uni<LimitsView> limits(String accountId) {
        return Panache.withSession(() -> store.account(accountId).chain(account -> {
            if (account == null) {
                throw Problems.notFound("account", accountId);
            }
            access.requireAnyProjectAdmin(accountId, "account", accountId);
            CalendarPeriods periods = CalendarPeriods.at(clock.instant(), account.zone());
            DistributionLimits limits = account.limits();
            return store.usage(accountId, periods).map(used -> new LimitsView(account.antispam().wire(),
                    account.type().wire(), new LimitsView.Limits(limits.perDay(), limits.perMonth(),
                            limits.emailAllowed()),
                    new LimitsView.Usage(used[0], used[1]),
                    new LimitsView.ResetsAt(periods.day().end(), periods.month().end()), account.zone().getId()));
        }));
    }
}
