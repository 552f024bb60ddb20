package io.headroom.distribution.limit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The account column of the limits table (spec/distribution-service.md §2): a trial plan is
 * {@code trial} whatever its pricing; otherwise the pricing scheme decides, and without one the
 * creation date (legacy pricing: created before 2021-12-01).
 */
class AccountTypeTest {

    private static final Instant IN_2020 = Instant.parse("2020-05-04T00:00:00Z");
    private static final Instant IN_2023 = Instant.parse("2023-05-10T00:00:00Z");
    private static final Instant IN_2024 = Instant.parse("2024-03-01T00:00:00Z");

    @Test
    void aTrialPlanIsTrialWhateverItsPricingAndAge() {
        assertThat(AccountType.of("trial", "current", IN_2024)).isEqualTo(AccountType.TRIAL);
        assertThat(AccountType.of("trial", "legacy", IN_2020)).isEqualTo(AccountType.TRIAL);
        assertThat(AccountType.of("trial", null, IN_2020)).isEqualTo(AccountType.TRIAL);
    }

    @Test
    void theCurrentPricingIsCurrent() {
        assertThat(AccountType.of("business", "current", IN_2024)).isEqualTo(AccountType.CURRENT);
    }

    @Test
    void theLegacyPricingIsLegacyCreatedBefore2021_12_01OrMarkedSoLater() {
        assertThat(AccountType.of("business", "legacy", IN_2020)).isEqualTo(AccountType.LEGACY);
        assertThat(AccountType.of("business", "legacy", IN_2023)).isEqualTo(AccountType.LEGACY);
    }

    @Test
    void withoutAPricingSchemeTheCreationDateDecidesAt2021_12_01() {
        assertThat(AccountType.of("business", null, IN_2020)).isEqualTo(AccountType.LEGACY);
        assertThat(AccountType.of("business", null, Instant.parse("2021-11-30T23:59:59Z")))
                .isEqualTo(AccountType.LEGACY);
        assertThat(AccountType.of("business", null, Instant.parse("2021-12-01T00:00:00Z")))
                .isEqualTo(AccountType.CURRENT);
        assertThat(AccountType.of("business", null, IN_2024)).isEqualTo(AccountType.CURRENT);
    }

    @Test
    void theApiWritesTheTypeInLowerCase() {
        assertThat(AccountType.TRIAL.wire()).isEqualTo("trial");
        assertThat(AccountType.CURRENT.wire()).isEqualTo("current");
        assertThat(AccountType.LEGACY.wire()).isEqualTo("legacy");
    }
}
