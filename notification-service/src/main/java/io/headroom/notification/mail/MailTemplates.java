package io.headroom.notification.mail;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The e-mail bodies, type-checked at build time against the notice records
 * ({@code src/main/resources/templates/mail/}). HTML templates escape what they insert.
 */
@CheckedTemplate(basePath = "mail")
final class MailTemplates {

    private MailTemplates() {
    }

    static native TemplateInstance usageHtml(UsageNotice notice);

    static native TemplateInstance usageText(UsageNotice notice);

    static native TemplateInstance webhookHourHtml(WebhookHourNotice notice);

    static native TemplateInstance webhookHourText(WebhookHourNotice notice);

    static native TemplateInstance antispamHtml(AntispamNotice notice);

    static native TemplateInstance antispamText(AntispamNotice notice);
}
