package io.headroom.quota.integrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegratorQuotaTest {

    @Test
    void theFreeTierIsOneTenThousandFiveHundredTwoHundred() {
        assertThat(IntegratorLimits.FREE).isEqualTo(new IntegratorLimits(1L, 10L, 1_000L, 500L, 200L));
    }

    @Test
    void refusalsNameTheLimitAndTheStanding() {
        assertThat(IntegratorQuota.MANAGED_ORGS.refusal(1, 1, 1))
                .isEqualTo("maxManagedOrgs is 1 and 1 managed organization exists");
        assertThat(IntegratorQuota.VOTES.refusal(1_000, 999, 3))
                .isEqualTo("maxVotes is 1000: 999 votes sent, 3 more would pass it");
    }
}
