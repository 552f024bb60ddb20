package io.headroom.notification.settings;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.page.Cursor;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.notification.account.ProjectDirectory;
import io.headroom.notification.rule.NotificationSettings;
import io.headroom.notification.rule.Rule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * A project's notification settings (spec: notification-service §1): read and replaced by the
 * account's owner alone; each replacement is recorded with who made it, when, and the rules before
 * and after.
 */
@ApplicationScoped
public class SettingsService {

    /** The settings as {@code GET} shows them; {@code defaults} while the owner saved none. */
    public record SettingsView(List<Rule> rules, boolean defaults, Instant updatedAt, String updatedBy) {
    }

    /** One entry of the audit: the rules before (the defaults for the first change) and after. */
    public record ChangeView(Instant changedAt, String changedBy, JsonNode before, JsonNode after) {
    }

    private final SettingsStore store;
    private final ProjectDirectory projects;
    private final Access access;
    private final ObjectMapper mapper;
    private final Clock clock;

    public SettingsService(SettingsStore store, ProjectDirectory projects, Access access, ObjectMapper mapper,
            Clock clock) {
        this.store = store;
        this.projects = projects;
        this.access = access;
        this.mapper = mapper;
        this.clock = clock;
    }

    public Uni<SettingsView> get(String projectId) {
        return Panache.withSession(() -> owned(projectId).chain(project -> store.saved(projectId)))
                .map(saved -> saved == null
                        ? new SettingsView(NotificationSettings.DEFAULTS.rules(), true, null, null)
                        : new SettingsView(store.read(saved.rulesJson()).rules(), false, saved.updatedAt(),
                                saved.updatedBy()));
    }

    /** Replaces the settings whole: checked first, then saved and audited in one transaction. */
    public Uni<SettingsView> replace(String projectId, SettingsInput input) {
        String by = access.caller().subject();
        return Panache.withTransaction(() -> owned(projectId).chain(project -> {
            NotificationSettings settings = SettingsValidator.validate(input);
            String after = store.write(settings);
            Instant now = clock.instant();
            return projects.lock(projectId)
                    .chain(() -> store.saved(projectId))
                    .chain(before -> store.save(projectId, project.accountId(),
                            before == null ? null : before.rulesJson(), after, by, now))
                    .replaceWith(new SettingsView(settings.rules(), false, now, by));
        }));
    }

    public Uni<Page<ChangeView>> changes(String projectId, String cursorText, String limitText) {
        return Panache.withSession(() -> owned(projectId).chain(project -> {
            Cursor cursor = Cursor.decode(cursorText);
            int limit = Cursor.limit(limitText);
            return store.changes(projectId, cursor, limit).map(rows -> Page.of(rows, limit, this::view,
                    change -> new Cursor(change.changedAt(), Long.toString(change.id()))));
        }));
    }

    private ChangeView view(SettingsStore.Change change) {
        String before = change.before() == null ? store.write(NotificationSettings.DEFAULTS) : change.before();
        return new ChangeView(change.changedAt(), change.changedBy(), tree(before), tree(change.after()));
    }

    /** The project, if the caller owns its account; 404 for a project unknown or of another account. */
    private Uni<ProjectDirectory.Project> owned(String projectId) {
        return projects.project(projectId).invoke(project -> {
            if (project == null) {
                throw Problems.notFound("project", projectId);
            }
            access.requireNotificationSettingsOwner(project.accountId(), projectId);
        });
    }

    private JsonNode tree(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored settings are unreadable", e);
        }
    }
}
