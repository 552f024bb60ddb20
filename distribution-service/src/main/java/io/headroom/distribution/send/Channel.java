package io.headroom.distribution.send;

import java.util.Locale;
import java.util.regex.Pattern;

import io.headroom.common.address.EmailAddresses;

/**
 * How a distribution's messages travel, and what a recipient of each looks like: an e-mail
 * address; a phone number in E.164 form ({@code +4915112345678}) for the SMS gateway; for a
 * webhook, the id the receiver knows the recipient by (1 to 255 printable characters), every
 * message being a POST to the distribution's {@code webhookUrl}.
 */
public enum Channel {
    EMAIL("an e-mail address such as ana@example.com"),
    SMS("a phone number in E.164 form such as +4915112345678"),
    WEBHOOK("a recipient id of 1 to 255 printable characters");

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern RECIPIENT_ID = Pattern.compile("[\\p{Graph} ]{1,255}");

    private final String recipientForm;

    Channel(String recipientForm) {
        this.recipientForm = recipientForm;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The channel written as {@link #wire()}, or null for anything else. */
    public static Channel ofWire(String wire) {
        for (Channel channel : values()) {
            if (channel.wire().equals(wire)) {
                return channel;
            }
        }
        return null;
    }

    public boolean accepts(String recipient) {
        if (recipient == null) {
            return false;
        }
        return switch (this) {
            case EMAIL -> EmailAddresses.isValid(recipient);
            case SMS -> E164.matcher(recipient).matches();
            case WEBHOOK -> RECIPIENT_ID.matcher(recipient).matches() && !recipient.isBlank();
        };
    }

    public String recipientForm() {
        return recipientForm;
    }
}
