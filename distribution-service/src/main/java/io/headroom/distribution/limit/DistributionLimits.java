package io.headroom.distribution.limit;

/**
 * What an account may send (spec/distribution-service.md §2): messages per day and per month
 * (0 = unlimited) and whether the e-mail channel is open.
 *
 * <table>
 * <tr><th>anti-spam check</th><th>account</th><th>per day</th><th>per month</th><th>e-mail</th></tr>
 * <tr><td>not passed</td><td>any</td><td>10</td><td>10</td><td>no</td></tr>
 * <tr><td>passed</td><td>trial</td><td>10</td><td>100</td><td>yes</td></tr>
 * <tr><td>passed</td><td>current pricing</td><td>unlimited</td><td>unlimited</td><td>yes</td></tr>
 * <tr><td>passed</td><td>legacy pricing</td><td>plan's distributionsPerDay</td>
 * <td>plan's distributionsPerMonth</td><td>yes</td></tr>
 * </table>
 */
public record DistributionLimits(long perDay, long perMonth, boolean emailAllowed) {

    public static final long UNCHECKED_PER_DAY = 10;
    public static final long UNCHECKED_PER_MONTH = 10;
    public static final long TRIAL_PER_DAY = 10;
    public static final long TRIAL_PER_MONTH = 100;
    public static final long UNLIMITED = 0;
    /** What staging enforces: nothing. */
    public static final DistributionLimits NONE = new DistributionLimits(UNLIMITED, UNLIMITED, true);

    /** The row of the table that applies; {@code planPerDay}/{@code planPerMonth} are the plan's (legacy only). */
    public static DistributionLimits of(AntispamState check, AccountType type, long planPerDay, long planPerMonth) {
        if (!check.passed()) {
            return new DistributionLimits(UNCHECKED_PER_DAY, UNCHECKED_PER_MONTH, false);
        }
        return switch (type) {
            case TRIAL -> new DistributionLimits(TRIAL_PER_DAY, TRIAL_PER_MONTH, true);
            case CURRENT -> new DistributionLimits(UNLIMITED, UNLIMITED, true);
            case LEGACY -> new DistributionLimits(planPerDay, planPerMonth, true);
        };
    }
}
