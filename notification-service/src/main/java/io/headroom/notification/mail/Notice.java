package io.headroom.notification.mail;

import java.util.Map;

/**
 * What one notification says, the same in the inbox and in the e-mail: its kind, a title, a
 * one-paragraph message, the e-mail's subject and bodies, and machine-readable details.
 */
public interface Notice {

    /** {@code usage_threshold}, {@code webhook_hour} or {@code antispam_decision}. */
    String kind();

    String title();

    String message();

    String subject();

    /** The e-mail's HTML part. */
    String html();

    /** The e-mail's plain-text part. */
    String text();

    /** What a client may act on: metric, numbers, period, thresholds, decision. */
    Map<String, Object> details();
}
