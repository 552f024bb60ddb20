package io.headroom.distribution.antispam;

import java.time.Instant;

import io.headroom.distribution.limit.AntispamState;

/** An account's anti-spam check as the API answers it; only {@code accountId} and {@code state} before a request. */
public record AntispamCheckView(String accountId, String state, String companyWebsite, String senderDomain,
        String useCase, String requestedBy, Instant requestedAt, int requests, String decidedBy, Instant decidedAt,
        String reason) {

    static AntispamCheckView notRequested(String accountId) {
        return new AntispamCheckView(accountId, AntispamState.NOT_REQUESTED.wire(), null, null, null, null, null, 0,
                null, null, null);
    }
}
