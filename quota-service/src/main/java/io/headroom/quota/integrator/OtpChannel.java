package io.headroom.quota.integrator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a one-time password was sent: counts {@code sentEmails} or {@code sentSMS}. */
public enum OtpChannel {
    @JsonProperty("email")
    EMAIL,
    @JsonProperty("sms")
    SMS
}
