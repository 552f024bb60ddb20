package io.headroom.notification.mail;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A project's webhook calls in one clock hour went above the hourly share of its daily bucket
 * (the bucket ÷ 24): usage above the limit for an hour, possibly suspicious activity.
 */
public record WebhookHourNotice(String projectName, String period, String periodStart, String periodEnd,
        long used, long hourlyLimit, String usageUrl) implements Notice {

    public static final String KIND = "webhook_hour";

    public String usedText() {
        return Numbers.grouped(used);
    }

    public String hourlyLimitText() {
        return Numbers.grouped(hourlyLimit);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return projectName + ": webhook calls above the hourly limit";
    }

    @Override
    public String message() {
        return usedText() + " webhook calls in " + period + ", above the hourly share of " + hourlyLimitText()
                + " of the daily bucket. This may be suspicious activity: check the integrations that call this"
                + " project.";
    }

    @Override
    public String subject() {
        return "[Headroom] " + projectName + ": webhook calls above the hourly limit";
    }

    @Override
    public String html() {
        return MailTemplates.webhookHourHtml(this).render();
    }

    @Override
    public String text() {
        return MailTemplates.webhookHourText(this).render();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric", "webhook_calls");
        details.put("window", "hour");
        details.put("periodStart", periodStart);
        details.put("periodEnd", periodEnd);
        details.put("used", used);
        details.put("limit", hourlyLimit);
        return details;
    }
}
