package io.headroom.notification.mail;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Names a usage period as an owner reads it, in the account's time zone: "the billing cycle 1 Nov 2026 – 30 Nov 2026". */
public final class PeriodText {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

    private PeriodText() {
    }

    /** {@code end} is exclusive, as in the events. */
    public static String describe(String window, Instant start, Instant end, ZoneId zone) {
        ZonedDateTime from = start.atZone(zone);
        ZonedDateTime to = end.atZone(zone);
        return switch (window) {
            case "cycle" -> "the billing cycle " + DAY.format(from) + " – " + DAY.format(to.minusNanos(1));
            case "month" -> MONTH.format(from);
            case "day" -> DAY.format(from);
            case "hour" -> "the hour " + TIME.format(from) + "–" + TIME.format(to) + " on " + DAY.format(from)
                    + " (" + zone.getId() + ")";
            default -> DAY.format(from) + " – " + DAY.format(to.minusNanos(1));
        };
    }

    /** The account's zone, UTC when it has none or an unknown one. */
    public static ZoneId zone(String timezone) {
        try {
            return timezone == null ? ZoneId.of("UTC") : ZoneId.of(timezone);
        } catch (java.time.DateTimeException e) {
            return ZoneId.of("UTC");
        }
    }
}
