package io.headroom.notification.settings;

import java.util.List;

/**
 * The body of {@code PUT /notification-settings} as the client sent it: loosely typed, so that
 * {@link SettingsValidator} can name every wrong field instead of failing on the first.
 */
public record SettingsInput(List<RuleInput> rules) {

    public record RuleInput(String metric, List<Number> thresholds, Boolean hourlyAlert, EmailInput email,
            InAppInput inApp) {
    }

    public record EmailInput(Boolean enabled, List<String> recipients) {
    }

    public record InAppInput(Boolean enabled) {
    }
}
