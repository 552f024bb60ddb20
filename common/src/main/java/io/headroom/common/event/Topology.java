package io.headroom.common.event;

/**
 * The names every service must agree on to exchange events. Channel names and queue arguments
 * live in each service's configuration; these are the parts that cross service boundaries.
 */
public final class Topology {

    /** The topic exchange all events are published to. */
    public static final String EXCHANGE = "headroom.events";

    /** quota-service → notification, distribution: an account's plan, limits or projects changed. */
    public static final String ACCOUNT_CHANGED = "account.changed";

    /** quota-service → notification: the usage of one metric of one project in one window. */
    public static final String USAGE_SNAPSHOT = "usage.snapshot";

    /** distribution-service → notification: messages sent in a day or month. */
    public static final String DISTRIBUTION_USAGE = "distribution.usage";

    /** distribution-service → notification: the anti-spam check was decided. */
    public static final String ANTISPAM_DECIDED = "antispam.decided";

    /** The outgoing channel every service's outbox relay publishes through. */
    public static final String OUTBOX_CHANNEL = "outbox";

    private Topology() {
    }
}
