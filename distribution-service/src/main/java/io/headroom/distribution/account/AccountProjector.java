package io.headroom.distribution.account;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.inbox.StateProjection;
import io.headroom.common.problem.Problems;
import io.headroom.distribution.limit.CalendarPeriods;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@code account.changed} to the projection. The event is a state: a newer one replaces
 * the projection, an older one (by {@code occurredAt}) arriving late is ignored.
 */
@ApplicationScoped
public class AccountProjector {

    private final Clock clock;

    public AccountProjector(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs inside the consumer's transaction; the account's projects are replaced with the event's.
     * A new timezone carries today's and this month's counts over to the periods of the new zone,
     * so changing the zone never frees an allowance already spent.
     */
    public Uni<Void> apply(AccountChanged event) {
        AtomicReference<String> zoneBefore = new AtomicReference<>();
        AtomicReference<String> zoneAfter = new AtomicReference<>();
        return StateProjection.applyNewest(AccountProjection.<AccountProjection>findById(event.accountId()),
                () -> AccountProjection.empty(event.accountId()), event.occurredAt(),
                projection -> {
                    zoneBefore.set(projection.timezone);
                    projection.apply(event);
                    zoneAfter.set(projection.timezone);
                })
                .chain(applied -> applied ? replaceProjects(event)
                        .chain(() -> carryCounts(event.accountId(), zoneBefore.get(), zoneAfter.get()))
                        : Uni.createFrom().voidItem());
    }

    private Uni<Void> carryCounts(String accountId, String before, String after) {
        if (before == null || after == null || before.equals(after)) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        CalendarPeriods old = CalendarPeriods.at(now, ZoneId.of(before));
        CalendarPeriods current = CalendarPeriods.at(now, ZoneId.of(after));
        return moveCount(accountId, old.day(), current.day())
                .chain(() -> moveCount(accountId, old.month(), current.month()));
    }

    /** Adds a period's count to the same period in the new zone (the projection's row lock is held). */
    private static Uni<Void> moveCount(String accountId, CalendarPeriods.Period from, CalendarPeriods.Period to) {
        if (from.start().equals(to.start())) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("with moved as (delete from"
                + " distribution_count where account_id = :account and period = :period and period_start = :from"
                + " returning used) insert into distribution_count (account_id, period, period_start, used)"
                + " select :account, :period, :to, used from moved on conflict (account_id, period, period_start)"
                + " do update set used = distribution_count.used + excluded.used")
                .setParameter("account", accountId).setParameter("period", from.name())
                .setParameter("from", from.start()).setParameter("to", to.start()).executeUpdate())
                .replaceWithVoid();
    }

    private static Uni<Void> replaceProjects(AccountChanged event) {
        List<AccountChanged.ProjectRef> projects = event.projects() == null ? List.of() : event.projects();
        return Panache.getSession().chain(session -> session.flush()
                .chain(() -> session.createNativeQuery("delete from project_projection where account_id = :account")
                        .setParameter("account", event.accountId()).executeUpdate())
                .chain(() -> projects.isEmpty() ? Uni.createFrom().item(0) : session.createNativeQuery(
                        "insert into project_projection (project_id, account_id, name, sandbox)"
                                + " select p.id, :account, p.name, p.sandbox from unnest(cast(:ids as text[]),"
                                + " cast(:names as text[]), cast(:sandboxes as boolean[]))"
                                + " as p(id, name, sandbox) on conflict (project_id) do update set"
                                + " account_id = excluded.account_id, name = excluded.name, sandbox = excluded.sandbox")
                        .setParameter("account", event.accountId())
                        .setParameter("ids", projects.stream().map(AccountChanged.ProjectRef::id).toArray(String[]::new))
                        .setParameter("names", projects.stream().map(AccountChanged.ProjectRef::name)
                                .toArray(String[]::new))
                        .setParameter("sandboxes", projects.stream().map(AccountChanged.ProjectRef::sandbox)
                                .toArray(Boolean[]::new))
                        .executeUpdate()))
                .replaceWithVoid();
    }

    @WithSession
    public Uni<AccountProjection.View> get(String accountId) {
        return AccountProjection.<AccountProjection>findById(accountId).map(projection -> {
            if (projection == null) {
                throw Problems.notFound("account", accountId);
            }
            return projection.view();
        });
    }
}
