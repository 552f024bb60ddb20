package io.headroom.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.RecordingTarget;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Queue, then cap (spec/quota-service.md §5): a burst larger than the project's per-minute API rate
 * is all accepted at once and then delivered at no more than that rate, measured at the target by
 * clock minute. Takes up to about 90 s: the rate is per real minute.
 */
@QuarkusTest
class WebhookPacingTest {

    private static final Logger LOG = Logger.getLogger(WebhookPacingTest.class);

    @Test
    void aBurstOverTheMinuteRateIsAllAcceptedAndDeliveredAtNoMoreThanThatRate() throws Exception {
        String account = Checks.account("enterprise", "{\"apiCallsPerMinute\":10}");
        String project = Checks.project(account);
        try (RecordingTarget target = RecordingTarget.start()) {
            Webhooks.target(account, project, target.url("/paced"));
            Checks.awaitRoom(60, 20); // the ten that fit this minute are sent within it

            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                accepted.add(Webhooks.accepted(project, "{\"n\":" + i + "}"));
            }

            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(500))
                    .until(() -> target.hits("/paced").size() >= 15);
            List<RecordingTarget.Hit> hits = target.hits("/paced");
            Map<Instant, List<RecordingTarget.Hit>> byMinute = new TreeMap<>();
            hits.forEach(hit -> byMinute.computeIfAbsent(hit.at().truncatedTo(ChronoUnit.MINUTES),
                    minute -> new ArrayList<>()).add(hit));
            byMinute.forEach((minute, inMinute) -> LOG.infof("delivered in the minute from %s: %d", minute,
                    inMinute.size()));

            assertThat(hits).extracting(RecordingTarget.Hit::webhookId).containsExactlyInAnyOrderElementsOf(accepted);
            assertThat(byMinute.values()).allSatisfy(inMinute -> assertThat(inMinute).hasSizeLessThanOrEqualTo(10));
            List<List<RecordingTarget.Hit>> minutes = new ArrayList<>(byMinute.values());
            assertThat(minutes.get(0)).as("the first minute delivers its full rate at once").hasSize(10);
            assertThat(minutes.get(1)).as("the rest waits for the next minute").hasSize(5);
            // the next minute's places are spread over it (5.5 s apart), not sent in one go
            List<RecordingTarget.Hit> later = minutes.get(1);
            assertThat(Duration.between(later.get(0).at(), later.get(4).at())).isGreaterThan(Duration.ofSeconds(10));
        }
    }
}
