package io.headroom.distribution.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The limits table of spec/distribution-service.md §2, row by row, with its numbers
 * (0 = unlimited).
 */
class DistributionLimitsTest {

    private static final AntispamState[] NOT_PASSED = {AntispamState.NOT_REQUESTED, AntispamState.PENDING,
            AntispamState.REJECTED};

    @Test
    void notPassedAnyAccountIsTenPerDayTenPerMonthWithoutEmail() {
        for (AntispamState check : NOT_PASSED) {
            for (AccountType type : AccountType.values()) {
                assertThat(DistributionLimits.of(check, type, 1_000, 10_000))
                        .as("%s, %s", check, type)
                        .isEqualTo(new DistributionLimits(10, 10, false));
            }
        }
    }

    @Test
    void passedTrialIsTenPerDayOneHundredPerMonthWithEmailWhateverThePlansNumbers() {
        DistributionLimits limits = DistributionLimits.of(AntispamState.PASSED, AccountType.TRIAL, 500, 5_000);

        assertThat(limits).isEqualTo(new DistributionLimits(10, 100, true));
    }

    @Test
    void passedCurrentPricingIsUnlimitedWithEmail() {
        DistributionLimits limits = DistributionLimits.of(AntispamState.PASSED, AccountType.CURRENT, 100, 1_000);

        assertThat(limits).isEqualTo(new DistributionLimits(0, 0, true));
    }

    @Test
    void passedLegacyPricingIsThePlans100PerDayAnd1000PerMonthWithEmail() {
        DistributionLimits limits = DistributionLimits.of(AntispamState.PASSED, AccountType.LEGACY, 100, 1_000);

        assertThat(limits).isEqualTo(new DistributionLimits(100, 1_000, true));
    }

    @Test
    void passedLegacyOrganizationIsThePlans1000PerDayAnd10000PerMonth() {
        assertThat(DistributionLimits.of(AntispamState.PASSED, AccountType.LEGACY, 1_000, 10_000))
                .isEqualTo(new DistributionLimits(1_000, 10_000, true));
    }

    @Test
    void onlyAPassedCheckCountsAsPassed() {
        assertThat(AntispamState.PASSED.passed()).isTrue();
        for (AntispamState check : NOT_PASSED) {
            assertThat(check.passed()).as("%s", check).isFalse();
        }
        assertThat(AntispamState.of(null)).as("no check row").isEqualTo(AntispamState.NOT_REQUESTED);
        assertThat(AntispamState.of("passed")).isEqualTo(AntispamState.PASSED);
        assertThat(AntispamState.NOT_REQUESTED.wire()).isEqualTo("not_requested");
    }
}
