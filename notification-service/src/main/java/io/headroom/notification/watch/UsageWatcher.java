package io.headroom.notification.watch;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.notification.rule.Metric;
import io.headroom.notification.rule.NotificationSettings;
import io.headroom.notification.rule.Rule;
import io.headroom.notification.rule.ThresholdCrossing;
import io.headroom.notification.settings.SettingsStore;
import io.smallrye.mutiny.Uni;

/**
 * Turns usage readings into notifications (spec: notification-service §2), inside the consumer's
 * transaction. Thresholds: the period's row is locked, a reading older than the newest one applied
 * (or of a period older than one already seen) is ignored, and {@link ThresholdCrossing} decides.
 * The webhook-hour alert: an hour of {@code webhook_calls} above its limit notifies once.
 */
@ApplicationScoped
public class UsageWatcher {

    private final SettingsStore settings;
    private final PeriodStore periods;
    private final Notifier notifier;

    public UsageWatcher(SettingsStore settings, PeriodStore periods, Notifier notifier) {
        this.settings = settings;
        this.periods = periods;
        this.notifier = notifier;
    }

    public Uni<Void> onReading(UsageReading reading) {
        if (reading == null) {
            return Uni.createFrom().voidItem();
        }
        return settings.settingsOf(reading.projectId()).chain(projectSettings -> reading.isWebhookHour()
                ? webhookHour(reading, projectSettings.rule(Metric.WEBHOOK_CALLS))
                : thresholds(reading, projectSettings));
    }

    private Uni<Void> thresholds(UsageReading reading, NotificationSettings projectSettings) {
        Rule rule = projectSettings.rule(reading.metric());
        List<Integer> thresholds = rule == null || !rule.notifies() ? List.of() : rule.thresholds();
        return periods.laterPeriodSeen(reading).chain(stale -> stale ? Uni.createFrom().voidItem()
                : periods.lock(reading).chain(period -> {
                    if (period.readAt().isAfter(reading.readAt())) {
                        return Uni.createFrom().voidItem();
                    }
                    ThresholdCrossing.Outcome outcome = ThresholdCrossing.evaluate(period.state(), thresholds,
                            reading.used(), reading.limit());
                    return periods.update(reading, outcome.after())
                            .chain(() -> outcome.newlyReached().isEmpty() ? Uni.createFrom().voidItem()
                                    : notifier.thresholdsReached(reading, rule, outcome.newlyReached(),
                                            outcome.after().rearms()));
                }));
    }

    private Uni<Void> webhookHour(UsageReading reading, Rule rule) {
        if (rule == null || !rule.hourlyAlert() || !rule.notifies() || !reading.exceedsLimit()) {
            return Uni.createFrom().voidItem();
        }
        return notifier.webhookHour(reading, rule);
    }
}
