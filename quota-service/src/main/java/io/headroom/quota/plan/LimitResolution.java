package io.headroom.quota.plan;

/**
 * An account's effective limits (spec/quota-service.md §1): the plan's numbers, each replaced by
 * the account's custom value where one is set. Enterprise starts from the organization plan's
 * numbers, and its webhook bucket, unless set, is the effective {@code apiCallsPerMinute} × 1,440.
 */
public final class LimitResolution {

    private LimitResolution() {
    }

    public static PlanLimits effective(Plan plan, PlanLimits planValues, CustomLimits custom) {
        CustomLimits c = custom == null ? CustomLimits.NONE : custom;
        long apiPerMinute = pick(c.apiCallsPerMinute(), planValues.apiCallsPerMinute());
        long webhookPerDay = c.webhookCallsPerDay() != null ? c.webhookCallsPerDay()
                : plan == Plan.ENTERPRISE ? apiPerMinute * PlanLimits.MINUTES_PER_DAY
                : planValues.webhookCallsPerDay();
        return new PlanLimits(
                apiPerMinute,
                pick(c.apiCallsPerHour(), planValues.apiCallsPerHour()),
                pick(c.apiCallsPerCycle(), planValues.apiCallsPerCycle()),
                pick(c.bulkApiCallsPerHour(), planValues.bulkApiCallsPerHour()),
                webhookPerDay,
                pick(c.redemptionsPerCycle(), planValues.redemptionsPerCycle()),
                pick(c.clientCallsPerIp(), planValues.clientCallsPerIp()),
                pick(c.clientWindowSeconds(), planValues.clientWindowSeconds()),
                pick(c.distributionsPerDay(), planValues.distributionsPerDay()),
                pick(c.distributionsPerMonth(), planValues.distributionsPerMonth()));
    }

    private static long pick(Long custom, long planValue) {
        return custom != null ? custom : planValue;
    }
}
