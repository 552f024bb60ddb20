package io.headroom.distribution.delivery;

import io.headroom.common.outbound.OutboundHttp;

/**
 * What one attempt to send a message came to: delivered; failed for now (tried again after a
 * back-off); or failed for good ({@code permanent}: the receiver refused it, retrying cannot help).
 * {@code error} is a fixed phrase fit for the account to read: never a class name or a stack trace.
 */
public record Attempt(boolean delivered, boolean permanent, String error) {

    public static Attempt success() {
        return new Attempt(true, false, null);
    }

    public static Attempt retry(String error) {
        return new Attempt(false, false, error);
    }

    public static Attempt permanent(String error) {
        return new Attempt(false, true, error);
    }

    /**
     * An HTTP receiver's answer: 2xx delivered; a URL this suite may not call, or a 4xx other
     * than 408 (timeout) and 429 (too many requests), is permanent; anything else is tried again.
     */
    public static Attempt of(OutboundHttp.Result result) {
        if (result.accepted()) {
            return success();
        }
        int status = result.status();
        if (result.refused() || status >= 400 && status < 500 && status != 408 && status != 429) {
            return permanent(result.error());
        }
        return retry(result.error());
    }
}
