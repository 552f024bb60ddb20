package io.headroom.notification.rule;

import java.util.List;

/**
 * What the owner wants to hear about one metric: the percentages that notify ({@code thresholds},
 * ascending, distinct, 1–100), for {@code webhook_calls} also the webhook-hour alert, and the
 * channels. An e-mail rule with no recipients goes to the account owner.
 */
public record Rule(Metric metric, List<Integer> thresholds, boolean hourlyAlert, Email email, InApp inApp) {

    public Rule {
        thresholds = thresholds.stream().sorted().toList();
        if (email == null) {
            email = Email.OFF;
        }
        if (inApp == null) {
            inApp = InApp.OFF;
        }
    }

    /** E-mail: on or off, and to whom (empty: the account owner). */
    public record Email(boolean enabled, List<String> recipients) {

        public static final Email OFF = new Email(false, List.of());
        public static final Email TO_OWNER = new Email(true, List.of());

        public Email {
            recipients = recipients == null ? List.of() : List.copyOf(recipients);
        }
    }

    /** The in-app inbox: on or off. */
    public record InApp(boolean enabled) {

        public static final InApp OFF = new InApp(false);
        public static final InApp ON = new InApp(true);
    }

    /** Whether anything would reach anyone. */
    public boolean notifies() {
        return email.enabled() || inApp.enabled();
    }
}
