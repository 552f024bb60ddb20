package io.headroom.distribution;

import static io.headroom.distribution.Answers.accepted;
import static io.headroom.distribution.Answers.refused;
import static io.headroom.distribution.Answers.sms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.headroom.common.event.DistributionUsage;
import io.headroom.common.testing.BrokerProbe;
import io.headroom.distribution.Sender.Account;
import io.headroom.distribution.Sender.Setup;
import io.headroom.distribution.limit.CalendarPeriods;
import io.quarkus.test.junit.QuarkusTest;

/**
 * "Usage is published as {@code distribution.usage}" (spec/distribution-service.md §3, fields in
 * spec/events.md): through the outbox, one event for the day and one for the month per accepted
 * distribution, with the count after it, the account's limit (0 = unlimited) and the calendar
 * period in the account's timezone; a refused distribution publishes nothing.
 */
@QuarkusTest
class UsageEventTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Sender sender;
    private BrokerProbe probe;

    @BeforeEach
    void connect() {
        sender = new Sender();
        probe = BrokerProbe.connect().listen("distribution.usage");
    }

    @AfterEach
    void disconnect() {
        TestClock.reset();
        probe.close();
        sender.close();
    }

    @Test
    void aDistributionOfThreePublishesTheDayAndTheMonthAndARefusalPublishesNothing() {
        Account account = sender.account(Setup.trial());
        Sender.passAntispam(account);
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));

        accepted(sms(account, 3), 3);

        List<DistributionUsage> first = awaitEvents(account, 2);
        assertThat(first).hasSize(2);
        assertEvent(only(first, "day"), account, 3, 10, periods.day());
        assertEvent(only(first, "month"), account, 3, 100, periods.month());

        refused(sms(account, 8), 10);
        accepted(sms(account, 1), 1);

        List<DistributionUsage> all = awaitEvents(account, 4);
        assertThat(all).as("the refusal published nothing: 2 events per accepted distribution").hasSize(4);
        assertThat(all).filteredOn(e -> e.period().equals("day")).extracting(DistributionUsage::used)
                .containsExactlyInAnyOrder(3L, 4L);
        assertThat(all).filteredOn(e -> e.period().equals("month")).extracting(DistributionUsage::used)
                .containsExactlyInAnyOrder(3L, 4L);
    }

    @Test
    void anUnlimitedAccountPublishesItsUsageWithLimitZero() {
        Account account = sender.account(Setup.current());
        Sender.passAntispam(account);
        CalendarPeriods periods = CalendarPeriods.at(Instant.now(), ZoneId.of("UTC"));

        accepted(sms(account, 2), 2);

        List<DistributionUsage> events = awaitEvents(account, 2);
        assertThat(events).hasSize(2);
        assertEvent(only(events, "day"), account, 2, 0, periods.day());
        assertEvent(only(events, "month"), account, 2, 0, periods.month());
    }

    @Test
    void theEventsPeriodsAreTheAccountsLocalDayAndMonth() {
        Account account = sender.account(Setup.trial().inZone("Asia/Tokyo"));

        TestClock.set(Instant.parse("2026-03-31T15:30:00Z")); // 1 April 00:30 in Tokyo
        accepted(sms(account, 4), 4);

        List<DistributionUsage> events = awaitEvents(account, 2);
        assertThat(events).hasSize(2);
        DistributionUsage day = only(events, "day");
        assertThat(day.used()).isEqualTo(4);
        assertThat(day.limit()).as("check not passed: 10 a day").isEqualTo(10);
        assertThat(day.periodStart()).isEqualTo("2026-03-31T15:00:00Z");
        assertThat(day.periodEnd()).isEqualTo("2026-04-01T15:00:00Z");
        DistributionUsage month = only(events, "month");
        assertThat(month.used()).isEqualTo(4);
        assertThat(month.limit()).as("check not passed: 10 a month").isEqualTo(10);
        assertThat(month.periodStart()).isEqualTo("2026-03-31T15:00:00Z");
        assertThat(month.periodEnd()).isEqualTo("2026-04-30T15:00:00Z");
    }

    /** Waits until at least {@code count} events of the account arrived; all of them, decoded. */
    private List<DistributionUsage> awaitEvents(Account account, int count) {
        await().atMost(Sender.PATIENCE).until(() -> probe.received(account.id()).size() >= count);
        return probe.received(account.id()).stream().map(UsageEventTest::decode)
                .filter(e -> account.id().equals(e.accountId())).toList();
    }

    private static DistributionUsage only(List<DistributionUsage> events, String period) {
        List<DistributionUsage> ofPeriod = events.stream().filter(e -> period.equals(e.period())).toList();
        assertThat(ofPeriod).as("events for the %s", period).hasSize(1);
        return ofPeriod.get(0);
    }

    private static void assertEvent(DistributionUsage event, Account account, long used, long limit,
            CalendarPeriods.Period period) {
        assertThat(event.eventId()).isNotBlank();
        assertThat(event.schemaVersion()).isEqualTo(1);
        assertThat(event.accountId()).isEqualTo(account.id());
        assertThat(event.projectId()).isEqualTo(account.project());
        assertThat(event.used()).as("used in the %s", period.name()).isEqualTo(used);
        assertThat(event.limit()).as("limit of the %s", period.name()).isEqualTo(limit);
        assertThat(event.periodStart()).isEqualTo(period.start());
        assertThat(event.periodEnd()).isEqualTo(period.end());
    }

    private static DistributionUsage decode(String body) {
        try {
            return JSON.readValue(body, DistributionUsage.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not a distribution.usage event: " + body, e);
        }
    }
}
