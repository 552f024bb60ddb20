package io.headroom.distribution.account;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.inbox.StateProjection;
import io.headroom.common.problem.Problems;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@code account.changed} to the projection. The event is a state: a newer one replaces
 * the projection, an older one (by {@code occurredAt}) arriving late is ignored.
 */
@ApplicationScoped
public class AccountProjector {

    /** Runs inside the consumer's transaction; the account's projects are replaced with the event's. */
    public Uni<Void> apply(AccountChanged event) {
        return StateProjection.applyNewest(AccountProjection.<AccountProjection>findById(event.accountId()),
                () -> AccountProjection.empty(event.accountId()), event.occurredAt(),
                projection -> projection.apply(event))
                .chain(applied -> applied ? replaceProjects(event) : Uni.createFrom().voidItem());
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
