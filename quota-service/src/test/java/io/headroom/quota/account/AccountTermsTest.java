package io.headroom.quota.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class AccountTermsTest {

    @Test
    void accountsCreatedBeforeDecember2021AreOnLegacyPricing() {
        assertThat(AccountTerms.pricingSchemeFor(Instant.parse("2021-11-30T23:59:59Z")))
                .isEqualTo(PricingScheme.LEGACY);
        assertThat(AccountTerms.pricingSchemeFor(Instant.parse("2021-12-01T00:00:00Z")))
                .isEqualTo(PricingScheme.CURRENT);
    }

    @Test
    void theCycleAnchorIsTheDayOfCreationCappedAt28() {
        assertThat(AccountTerms.cycleAnchorDayFor(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(15);
        assertThat(AccountTerms.cycleAnchorDayFor(Instant.parse("2026-01-31T10:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(28);
        assertThat(AccountTerms.cycleAnchorDayFor(Instant.parse("2026-02-28T10:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(28);
    }

    @Test
    void theAnchorDayIsReadInTheAccountsTimezone() {
        Instant lateOnThe14thInUtc = Instant.parse("2026-03-14T23:30:00Z");
        assertThat(AccountTerms.cycleAnchorDayFor(lateOnThe14thInUtc, ZoneId.of("Europe/Madrid"))).isEqualTo(15);
    }
}
