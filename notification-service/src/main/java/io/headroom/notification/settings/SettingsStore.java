package io.headroom.notification.settings;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.db.NativeRows;
import io.headroom.common.page.Cursor;
import io.headroom.common.problem.Problems;
import io.headroom.notification.rule.NotificationSettings;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** The tables {@code notification_settings} and {@code notification_settings_change}, in the caller's session. */
@ApplicationScoped
public class SettingsStore {

    /** Saved settings: the rules as stored JSON, who saved them and when. */
    public record Saved(String rulesJson, String updatedBy, Instant updatedAt) {
    }

    /** One change: the rules before (null: the defaults) and after, as stored JSON. */
    public record Change(long id, Instant changedAt, String changedBy, String before, String after) {
    }

    private final ObjectMapper mapper;

    public SettingsStore(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The project's saved settings, or null while it has the defaults. */
    public Uni<Saved> saved(String projectId) {
        return session().chain(s -> s.createNativeQuery("select rules, updated_by, updated_at"
                + " from notification_settings where project_id = :project", Object[].class)
                .setParameter("project", projectId).getSingleResultOrNull())
                .map(row -> row == null ? null
                        : new Saved((String) row[0], (String) row[1], NativeRows.instant(row[2])));
    }

    /** The settings that apply to the project now: the saved ones, or the defaults. */
    public Uni<NotificationSettings> settingsOf(String projectId) {
        return saved(projectId).map(saved -> saved == null ? NotificationSettings.DEFAULTS : read(saved.rulesJson()));
    }

    /** Replaces the project's settings and records the change; inside the caller's transaction. */
    public Uni<Void> save(String projectId, String accountId, String rulesBefore, String rulesAfter, String by,
            Instant at) {
        return session().chain(s -> s.createNativeQuery("insert into notification_settings (project_id, account_id,"
                + " rules, updated_by, updated_at) values (:project, :account, :rules, :by, :at)"
                + " on conflict (project_id) do update set account_id = excluded.account_id, rules = excluded.rules,"
                + " updated_by = excluded.updated_by, updated_at = excluded.updated_at")
                .setParameter("project", projectId).setParameter("account", accountId)
                .setParameter("rules", rulesAfter).setParameter("by", by).setParameter("at", at).executeUpdate())
                .chain(() -> session().chain(s -> s.createNativeQuery("insert into notification_settings_change"
                        + " (project_id, account_id, changed_by, changed_at, rules_before, rules_after)"
                        + " values (:project, :account, :by, :at, :before, :after)")
                        .setParameter("project", projectId).setParameter("account", accountId)
                        .setParameter("by", by).setParameter("at", at)
                        .setParameter("before", rulesBefore).setParameter("after", rulesAfter).executeUpdate()))
                .replaceWithVoid();
    }

    /** The project's changes, newest first, from {@code cursor} on; one more than {@code limit}. */
    public Uni<List<Change>> changes(String projectId, Cursor cursor, int limit) {
        boolean first = cursor.equals(Cursor.START);
        long afterId = first ? 0 : changeId(cursor);
        return session().chain(s -> {
            Mutiny.SelectionQuery<Object[]> query = s.createNativeQuery("select id, changed_at, changed_by,"
                    + " rules_before, rules_after from notification_settings_change where project_id = :project"
                    + (first ? "" : " and (changed_at, id) < (:after, :afterId)")
                    + " order by changed_at desc, id desc limit :limit", Object[].class)
                    .setParameter("project", projectId).setParameter("limit", limit + 1);
            if (!first) {
                query.setParameter("after", cursor.after()).setParameter("afterId", afterId);
            }
            return query.getResultList();
        }).map(rows -> rows.stream().map(row -> new Change(NativeRows.longValue(row[0]),
                NativeRows.instant(row[1]), (String) row[2], (String) row[3], (String) row[4])).toList());
    }

    public String write(NotificationSettings settings) {
        try {
            return mapper.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings are plain records", e);
        }
    }

    public NotificationSettings read(String json) {
        try {
            return mapper.readValue(json, NotificationSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are unreadable", e);
        }
    }

    private static long changeId(Cursor cursor) {
        try {
            return Long.parseLong(cursor.afterId());
        } catch (NumberFormatException e) {
            throw Problems.invalid("cursor", "is not a cursor this list gave");
        }
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
