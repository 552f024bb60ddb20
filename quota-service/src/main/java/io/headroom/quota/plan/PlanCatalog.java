package io.headroom.quota.plan;

import java.util.EnumMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.quota.config.QuotaConfig;

/** The plan catalog, read from configuration ({@code headroom.plans.<plan>.*}) so operators change numbers without a release. */
@ApplicationScoped
public class PlanCatalog {

    private final Map<Plan, PlanLimits> limits = new EnumMap<>(Plan.class);

    public PlanCatalog(QuotaConfig config) {
        for (Plan plan : new Plan[] {Plan.TRIAL, Plan.BUSINESS, Plan.ORGANIZATION}) {
            QuotaConfig.PlanValues values = config.plans().get(plan.key());
            if (values == null) {
                throw new IllegalStateException("headroom.plans." + plan.key() + ".* is not configured");
            }
            limits.put(plan, toLimits(values));
        }
        limits.put(Plan.ENTERPRISE, limits.get(Plan.ORGANIZATION));
    }

    /** The limits of an account on {@code plan} with {@code custom} limits. */
    public PlanLimits effective(Plan plan, CustomLimits custom) {
        return LimitResolution.effective(plan, limits.get(plan), custom);
    }

    /** Each plan's limits as an account without custom limits has them. */
    public Map<Plan, PlanLimits> all() {
        Map<Plan, PlanLimits> all = new EnumMap<>(Plan.class);
        for (Plan plan : Plan.values()) {
            all.put(plan, effective(plan, CustomLimits.NONE));
        }
        return all;
    }

    private static PlanLimits toLimits(QuotaConfig.PlanValues v) {
        return new PlanLimits(v.apiCallsPerMinute(), v.apiCallsPerHour(), v.apiCallsPerCycle(),
                v.bulkApiCallsPerHour(), v.webhookCallsPerDay(), v.redemptionsPerCycle(), v.clientCallsPerIp(),
                v.clientWindowSeconds(), v.distributionsPerDay(), v.distributionsPerMonth());
    }
}
