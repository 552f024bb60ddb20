package io.headroom.quota.integrator;

/**
 * One integrator quota: a limit of the source document and the counter it bounds, with their
 * entity field names. A limit of 0 means unlimited.
 */
public enum IntegratorQuota {
    MANAGED_ORGS("maxManagedOrgs", "managedOrgs", "managed organization"),
    MANAGED_PROCESSES("maxManagedProcesses", "managedProcesses", "managed process"),
    VOTES("maxVotes", "sentVotes", "vote"),
    EMAILS("maxEmails", "sentEmails", "OTP e-mail"),
    SMS("maxSMS", "sentSMS", "OTP SMS");

    private final String limit;
    private final String counter;
    private final String unit;

    IntegratorQuota(String limit, String counter, String unit) {
        this.limit = limit;
        this.counter = counter;
        this.unit = unit;
    }

    /** The limit's name, as in {@code GET /integrator} and problems. */
    public String limit() {
        return limit;
    }

    /** The counter's name, as in {@code GET /integrator}. */
    public String counter() {
        return counter;
    }

    /** The sentence a refusal gives, e.g. "maxManagedOrgs is 1 and 1 managed organization exists". */
    public String refusal(long max, long used, long amount) {
        if (this == MANAGED_ORGS || this == MANAGED_PROCESSES) {
            return limit + " is " + max + " and " + used + " " + unit + (used == 1 ? " exists" : "s exist");
        }
        return limit + " is " + max + ": " + used + " " + unit + (used == 1 ? "" : "s") + " sent, " + amount
                + " more would pass it";
    }
}
