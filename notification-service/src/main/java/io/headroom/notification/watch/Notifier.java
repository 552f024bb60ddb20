package io.headroom.notification.watch;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.AntispamDecided;
import io.headroom.common.id.Ids;
import io.headroom.notification.account.AccountProjection;
import io.headroom.notification.account.ProjectDirectory;
import io.headroom.notification.config.NotificationConfig;
import io.headroom.notification.inbox.NotificationStore;
import io.headroom.notification.mail.AntispamNotice;
import io.headroom.notification.mail.Notice;
import io.headroom.notification.mail.PeriodText;
import io.headroom.notification.mail.UsageNotice;
import io.headroom.notification.mail.WebhookHourNotice;
import io.headroom.notification.rule.Rule;
import io.smallrye.mutiny.Uni;

/**
 * Creates notifications, inside the consumer's transaction: claims the business keys first, and
 * only for the keys it got creates the in-app notification and the pending e-mail, as the rule's
 * channels say. Keys: {@code usage:<project>:<metric>:<window>:<periodStart>:<threshold>:<round>},
 * {@code webhook-hour:<project>:<hourStart>}, {@code antispam:<account>:<eventId>}.
 */
@ApplicationScoped
public class Notifier {

    private static final Rule.Email TO_OWNER = Rule.Email.TO_OWNER;
    private static final int MAX_REASON = 500;

    private final NotificationStore store;
    private final ProjectDirectory projects;
    private final NotificationConfig config;
    private final Clock clock;

    public Notifier(NotificationStore store, ProjectDirectory projects, NotificationConfig config, Clock clock) {
        this.store = store;
        this.projects = projects;
        this.config = config;
        this.clock = clock;
    }

    /** One notification for the thresholds newly reached (ascending), naming the highest. */
    Uni<Void> thresholdsReached(UsageReading reading, Rule rule, List<Integer> thresholds, int round) {
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int threshold : thresholds) {
            keys.put(String.join(":", "usage", reading.projectId(), reading.metric().wire(), reading.window(),
                    reading.periodStart().toString(), Integer.toString(threshold), Integer.toString(round)), threshold);
        }
        return projects.project(reading.projectId()).chain(project -> create(List.copyOf(keys.keySet()),
                reading.accountId(), reading.projectId(), rule.email(), rule.inApp().enabled(),
                claimed -> new UsageNotice(name(project, reading.projectId()), reading.metric(), reading.window(),
                        period(reading, project), reading.periodStart().toString(), reading.periodEnd().toString(),
                        reading.used(), reading.limit(), claimed.stream().map(keys::get).sorted().toList(),
                        usageUrl(reading.projectId()))));
    }

    /** The hour's calls went above the hourly share: once for that hour. */
    Uni<Void> webhookHour(UsageReading reading, Rule rule) {
        String key = String.join(":", "webhook-hour", reading.projectId(), reading.periodStart().toString());
        return projects.project(reading.projectId()).chain(project -> create(List.of(key), reading.accountId(),
                reading.projectId(), rule.email(), rule.inApp().enabled(),
                claimed -> new WebhookHourNotice(name(project, reading.projectId()), period(reading, project),
                        reading.periodStart().toString(), reading.periodEnd().toString(), reading.used(),
                        reading.limit(), usageUrl(reading.projectId()))));
    }

    /** The owner hears of every anti-spam decision, by e-mail and in-app: no setting turns it off. */
    public Uni<Void> antispamDecided(AntispamDecided event) {
        String key = String.join(":", "antispam", event.accountId(), event.eventId());
        return AccountProjection.<AccountProjection>findById(event.accountId()).chain(account -> create(List.of(key),
                event.accountId(), null, TO_OWNER, true,
                claimed -> new AntispamNotice(account == null ? event.accountId() : account.name, event.decision(),
                        clip(event.reason()))));
    }

    private Uni<Void> create(List<String> keys, String accountId, String projectId, Rule.Email email, boolean inApp,
            Function<List<String>, Notice> noticeOfClaimed) {
        if (!email.enabled() && !inApp) {
            return Uni.createFrom().voidItem();
        }
        String id = Ids.next(Ids.NOTIFICATION);
        Instant now = clock.instant();
        return store.claim(keys, id).chain(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Notice notice = noticeOfClaimed.apply(claimed);
            Uni<Void> created = store.insert(id, accountId, projectId, notice, inApp, now);
            return email.enabled()
                    ? created.chain(() -> store.insertEmail(id, accountId, email.recipients(), notice, now))
                    : created;
        });
    }

    /** A reason as long as an owner reads one; the event's producer does not bound it. */
    private static String clip(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }

    private static String name(ProjectDirectory.Project project, String projectId) {
        return project == null ? projectId : project.name();
    }

    private static String period(UsageReading reading, ProjectDirectory.Project project) {
        ZoneId zone = PeriodText.zone(project == null ? null : project.timezone());
        return PeriodText.describe(reading.window(), reading.periodStart(), reading.periodEnd(), zone);
    }

    private String usageUrl(String projectId) {
        return config.mail().usageUrl().replace("{projectId}", projectId);
    }
}
