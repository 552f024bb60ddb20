package io.headroom.distribution.send;

import java.time.Instant;

/** {@code GET /v1/accounts/{id}/distribution-limits}: what the account may send, what it sent, when that resets. */
public record LimitsView(String antiSpamCheck, String accountType, Limits limits, Usage usage, ResetsAt resetsAt,
        String timezone) {

    /** 0 = unlimited. */
    public record Limits(long perDay, long perMonth, boolean emailAllowed) {
    }

    public record Usage(long today, long thisMonth) {
    }

    public record ResetsAt(Instant day, Instant month) {
    }
}
