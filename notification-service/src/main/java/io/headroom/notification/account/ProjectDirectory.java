package io.headroom.notification.account;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.headroom.common.event.AccountChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The projects this service knows from {@code account.changed} (table {@code project_projection}):
 * which account a project belongs to, and how e-mails name it. Runs in the caller's session.
 */
@ApplicationScoped
public class ProjectDirectory {

    /** A project and what a notification about it needs of its account. */
    public record Project(String projectId, String accountId, String name, String timezone) {
    }

    /** The project, or null when no {@code account.changed} named it (yet, or any more). */
    public Uni<Project> project(String projectId) {
        return session().chain(s -> s.createNativeQuery("select p.project_id, p.account_id, p.name, a.timezone"
                + " from project_projection p join account_projection a on a.account_id = p.account_id"
                + " where p.project_id = :project", Object[].class)
                .setParameter("project", projectId).getSingleResultOrNull())
                .map(row -> row == null ? null
                        : new Project((String) row[0], (String) row[1], (String) row[2], (String) row[3]));
    }

    /** Locks the project's row until the transaction ends: serializes changes to its settings. */
    public Uni<Void> lock(String projectId) {
        return session().chain(s -> s.createNativeQuery(
                "select project_id from project_projection where project_id = :project for update", String.class)
                .setParameter("project", projectId).getSingleResultOrNull()).replaceWithVoid();
    }

    /** Makes the account's projects those of the event. Runs in the consumer's transaction. */
    Uni<Void> replace(String accountId, List<AccountChanged.ProjectRef> projects) {
        Uni<Integer> cleared = session().chain(s -> s.createNativeQuery(
                "delete from project_projection where account_id = :account")
                .setParameter("account", accountId).executeUpdate());
        for (AccountChanged.ProjectRef project : projects) {
            cleared = cleared.chain(ignored -> session().chain(s -> s.createNativeQuery(
                    "insert into project_projection (project_id, account_id, name, sandbox)"
                            + " values (:project, :account, :name, :sandbox) on conflict (project_id) do update"
                            + " set account_id = excluded.account_id, name = excluded.name, sandbox = excluded.sandbox")
                    .setParameter("project", project.id()).setParameter("account", accountId)
                    .setParameter("name", project.name() == null ? project.id() : project.name())
                    .setParameter("sandbox", project.sandbox()).executeUpdate()));
        }
        return cleared.replaceWithVoid();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
