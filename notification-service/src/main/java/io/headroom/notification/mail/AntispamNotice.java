package io.headroom.notification.mail;

import java.util.LinkedHashMap;
import java.util.Map;

/** The anti-spam check of the account was decided: {@code passed} or {@code rejected}, with the reason given. */
public record AntispamNotice(String accountName, String decision, String reason) implements Notice {

    public static final String KIND = "antispam_decision";

    public boolean passed() {
        return "passed".equals(decision);
    }

    public boolean hasReason() {
        return reason != null && !reason.isBlank();
    }

    /** What the decision means for sending: the limits of distribution-service.md. */
    public String consequence() {
        return passed()
                ? "Your distribution limits now follow your account type and plan."
                : "Distributions stay limited to 10 messages a day and 10 a month, and e-mail sending stays off.";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return passed() ? "Anti-spam check passed" : "Anti-spam check " + decision;
    }

    @Override
    public String message() {
        return "The anti-spam check of " + accountName + " was decided: " + decision + "."
                + (hasReason() ? " Reason: " + reason + "." : "") + " " + consequence();
    }

    @Override
    public String subject() {
        return "[Headroom] " + title() + " for " + accountName;
    }

    @Override
    public String html() {
        return MailTemplates.antispamHtml(this).render();
    }

    @Override
    public String text() {
        return MailTemplates.antispamText(this).render();
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decision", decision);
        details.put("reason", reason);
        return details;
    }
}
