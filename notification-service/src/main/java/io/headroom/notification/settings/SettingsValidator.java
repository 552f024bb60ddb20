package io.headroom.notification.settings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import io.headroom.common.address.EmailAddresses;
import io.headroom.common.problem.FieldErrors;
import io.headroom.notification.rule.Metric;
import io.headroom.notification.rule.NotificationSettings;
import io.headroom.notification.rule.Rule;

/**
 * Checks a settings body against the spec (notification-service §1) and turns it into
 * {@link NotificationSettings}: one rule per metric; thresholds whole percentages 1–100, at most
 * 10, distinct; the hourly alert for {@code webhook_calls} only; at most 10 valid, distinct
 * recipients. Every wrong field is named in one 400.
 */
public final class SettingsValidator {

    public static final int MAX_THRESHOLDS = 10;
    public static final int MAX_RECIPIENTS = 10;
    private static final String METRICS = Arrays.stream(Metric.values()).map(Metric::wire)
            .collect(Collectors.joining(", "));

    private final FieldErrors errors = new FieldErrors();

    private SettingsValidator() {
    }

    /** The settings, or a {@code validation} problem listing every field in error. */
    public static NotificationSettings validate(SettingsInput input) {
        SettingsValidator validator = new SettingsValidator();
        NotificationSettings settings = validator.settings(input);
        validator.errors.throwIfAny();
        return settings;
    }

    private NotificationSettings settings(SettingsInput input) {
        if (input == null || input.rules() == null) {
            error("rules", "is required");
            return null;
        }
        if (input.rules().size() > Metric.values().length) {
            error("rules", "has one rule per metric at most (" + Metric.values().length + ")");
            return null;
        }
        List<Rule> rules = new ArrayList<>();
        Set<Metric> seen = new HashSet<>();
        for (int i = 0; i < input.rules().size(); i++) {
            String at = "rules[" + i + "]";
            SettingsInput.RuleInput rule = input.rules().get(i);
            if (rule == null) {
                error(at, "is required");
                continue;
            }
            Metric metric = metric(at + ".metric", rule.metric());
            if (metric != null && !seen.add(metric)) {
                error(at + ".metric", "has a rule already: one rule per metric");
            }
            List<Integer> thresholds = thresholds(at + ".thresholds", rule.thresholds());
            boolean hourlyAlert = Boolean.TRUE.equals(rule.hourlyAlert());
            if (hourlyAlert && metric != null && metric != Metric.WEBHOOK_CALLS) {
                error(at + ".hourlyAlert", "applies to webhook_calls only");
            }
            Rule.Email email = email(at + ".email", rule.email());
            Rule.InApp inApp = inApp(at + ".inApp", rule.inApp());
            if (metric != null) {
                rules.add(new Rule(metric, thresholds, hourlyAlert, email, inApp));
            }
        }
        return new NotificationSettings(rules);
    }

    private Metric metric(String at, String wire) {
        if (wire == null) {
            error(at, "is required");
            return null;
        }
        Metric metric = Metric.byWire(wire);
        if (metric == null) {
            error(at, "must be one of " + METRICS);
        }
        return metric;
    }

    private List<Integer> thresholds(String at, List<Number> given) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_THRESHOLDS) {
            error(at, "has at most " + MAX_THRESHOLDS + " thresholds");
            return List.of();
        }
        List<Integer> thresholds = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Number value = given.get(i);
            if (!isWholePercent(value)) {
                error(at + "[" + i + "]", "must be a whole percentage from 1 to 100");
            } else if (thresholds.contains(value.intValue())) {
                error(at + "[" + i + "]", "appears twice");
            } else {
                thresholds.add(value.intValue());
            }
        }
        return thresholds;
    }

    private static boolean isWholePercent(Number value) {
        return (value instanceof Integer || value instanceof Long || value instanceof Short)
                && value.longValue() >= 1 && value.longValue() <= 100;
    }

    private Rule.Email email(String at, SettingsInput.EmailInput email) {
        if (email == null) {
            error(at, "is required");
            return Rule.Email.OFF;
        }
        if (email.enabled() == null) {
            error(at + ".enabled", "is required");
        }
        List<String> recipients = email.recipients() == null ? List.of() : email.recipients();
        if (recipients.size() > MAX_RECIPIENTS) {
            error(at + ".recipients", "has at most " + MAX_RECIPIENTS + " addresses");
            return Rule.Email.OFF;
        }
        Set<String> seen = new HashSet<>();
        List<String> valid = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            String address = recipients.get(i);
            if (!EmailAddresses.isValid(address)) {
                error(at + ".recipients[" + i + "]", "is not a valid e-mail address");
            } else if (!seen.add(address.toLowerCase(Locale.ROOT))) {
                error(at + ".recipients[" + i + "]", "appears twice");
            } else {
                valid.add(address);
            }
        }
        return new Rule.Email(Boolean.TRUE.equals(email.enabled()), valid);
    }

    private Rule.InApp inApp(String at, SettingsInput.InAppInput inApp) {
        if (inApp == null) {
            error(at, "is required");
            return Rule.InApp.OFF;
        }
        if (inApp.enabled() == null) {
            error(at + ".enabled", "is required");
        }
        return new Rule.InApp(Boolean.TRUE.equals(inApp.enabled()));
    }

    private void error(String field, String message) {
        errors.add(field, message);
    }
}
