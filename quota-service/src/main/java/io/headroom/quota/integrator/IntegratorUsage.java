package io.headroom.quota.integrator;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The usage counters the integrator limits bound. */
public record IntegratorUsage(long managedOrgs, long managedProcesses, long sentVotes, long sentEmails,
        @JsonProperty("sentSMS") long sentSMS) {

    public static final IntegratorUsage NONE = new IntegratorUsage(0, 0, 0, 0, 0);
}
