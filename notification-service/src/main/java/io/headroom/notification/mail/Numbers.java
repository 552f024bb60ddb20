package io.headroom.notification.mail;

import java.text.NumberFormat;
import java.util.Locale;

/** Counts as owners read them: 100,000. */
final class Numbers {

    private Numbers() {
    }

    static String grouped(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }
}
