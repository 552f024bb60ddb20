package io.headroom.notification.rule;

import java.util.List;

/** A project's rules, one per metric at most. A metric without a rule never notifies. */
public record NotificationSettings(List<Rule> rules) {

    private static final List<Integer> EIGHTY_AND_HUNDRED = List.of(80, 100);

    /**
     * What a project has until its owner saves settings (spec: notification-service §1): API calls,
     * bulk API calls and redemptions at 80 and 100 %, in-app and e-mail to the owner; the
     * webhook-hour alert on.
     */
    public static final NotificationSettings DEFAULTS = new NotificationSettings(List.of(
            new Rule(Metric.API_CALLS, EIGHTY_AND_HUNDRED, false, Rule.Email.TO_OWNER, Rule.InApp.ON),
            new Rule(Metric.BULK_API_CALLS, EIGHTY_AND_HUNDRED, false, Rule.Email.TO_OWNER, Rule.InApp.ON),
            new Rule(Metric.REDEMPTIONS, EIGHTY_AND_HUNDRED, false, Rule.Email.TO_OWNER, Rule.InApp.ON),
            new Rule(Metric.WEBHOOK_CALLS, List.of(), true, Rule.Email.TO_OWNER, Rule.InApp.ON)));

    public NotificationSettings {
        rules = List.copyOf(rules);
    }

    /** The rule of that metric, or null. */
    public Rule rule(Metric metric) {
        return rules.stream().filter(rule -> rule.metric() == metric).findFirst().orElse(null);
    }
}
