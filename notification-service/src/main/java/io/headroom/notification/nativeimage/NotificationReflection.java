package io.headroom.notification.nativeimage;

import io.headroom.notification.account.AccountProjection;
import io.headroom.notification.inbox.InboxService;
import io.headroom.notification.inbox.NotificationView;
import io.headroom.notification.rule.Metric;
import io.headroom.notification.rule.NotificationSettings;
import io.headroom.notification.rule.Rule;
import io.headroom.notification.settings.SettingsInput;
import io.headroom.notification.settings.SettingsService;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types notification-service binds to JSON, registered for reflection so that Jackson can
 * read and write them in a native executable: request and response bodies with the records and
 * enums they contain (the SSE stream sends {@code NotificationView} too), and the settings the
 * service stores as JSON itself ({@code SettingsStore}). The shared types (events, problems, Page)
 * are in common's {@code CommonReflection}. Nested types are listed one by one
 * ({@code ignoreNested}); {@code NotificationReflectionTest} fails when a JSON-bound type is
 * missing here.
 */
@RegisterForReflection(ignoreNested = true, targets = {
        // operator view of the account projection
        AccountProjection.View.class,
        // inbox
        NotificationView.class,
        NotificationView.Email.class,
        InboxService.UnreadCount.class,
        InboxService.Marked.class,
        // settings: the body as sent, the view, the audit, and the stored form
        SettingsInput.class,
        SettingsInput.RuleInput.class,
        SettingsInput.EmailInput.class,
        SettingsInput.InAppInput.class,
        SettingsService.SettingsView.class,
        SettingsService.ChangeView.class,
        NotificationSettings.class,
        Rule.class,
        Rule.Email.class,
        Rule.InApp.class,
        Metric.class,
})
public final class NotificationReflection {

    private NotificationReflection() {
    }
}
