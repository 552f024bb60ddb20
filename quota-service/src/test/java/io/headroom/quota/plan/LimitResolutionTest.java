package io.headroom.quota.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LimitResolutionTest {

    private static final PlanLimits BUSINESS = new PlanLimits(100, 0, 100_000, 100, 144_000, 10_000, 5, 5, 100, 1_000);
    private static final PlanLimits ORGANIZATION = new PlanLimits(2_000, 0, 300_000, 2_000, 288_000, 50_000, 5, 5,
            1_000, 10_000);

    private static CustomLimits perMinute(Long apiCallsPerMinute, Long webhookCallsPerDay) {
        return new CustomLimits(apiCallsPerMinute, null, null, null, webhookCallsPerDay, null, null, null, null, null);
    }

    @Test
    void withoutCustomLimitsAPlanKeepsItsNumbers() {
        assertThat(LimitResolution.effective(Plan.BUSINESS, BUSINESS, null)).isEqualTo(BUSINESS);
        assertThat(LimitResolution.effective(Plan.BUSINESS, BUSINESS, CustomLimits.NONE)).isEqualTo(BUSINESS);
    }

    @Test
    void aCustomValueReplacesThePlansOneAndOnlyThatOne() {
        PlanLimits limits = LimitResolution.effective(Plan.BUSINESS, BUSINESS, perMinute(300L, null));

        assertThat(limits.apiCallsPerMinute()).isEqualTo(300);
        assertThat(limits.apiCallsPerCycle()).isEqualTo(100_000);
        assertThat(limits.webhookCallsPerDay()).isEqualTo(144_000);
    }

    @Test
    void aCustomZeroMeansUnlimited() {
        assertThat(LimitResolution.effective(Plan.BUSINESS, BUSINESS, perMinute(0L, null)).apiCallsPerMinute())
                .isZero();
    }

    @Test
    void enterpriseDerivesItsWebhookBucketFromItsEffectiveMinuteLimitUnlessSet() {
        assertThat(LimitResolution.effective(Plan.ENTERPRISE, ORGANIZATION, null).webhookCallsPerDay())
                .isEqualTo(2_000 * 1_440);
        assertThat(LimitResolution.effective(Plan.ENTERPRISE, ORGANIZATION, perMinute(5_000L, null))
                .webhookCallsPerDay()).isEqualTo(7_200_000);
        assertThat(LimitResolution.effective(Plan.ENTERPRISE, ORGANIZATION, perMinute(5_000L, 1_000L))
                .webhookCallsPerDay()).isEqualTo(1_000);
    }
}
