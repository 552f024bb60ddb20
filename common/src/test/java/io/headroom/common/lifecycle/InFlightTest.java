package io.headroom.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

class InFlightTest {

    @Test
    void aStopWaitsForTheWorkInFlightAndRefusesNewWork() throws Exception {
        InFlight work = new InFlight();
        assertThat(work.enter()).isTrue();
        CompletableFuture<Integer> stop = CompletableFuture.supplyAsync(() -> work.stopAndDrain(Duration.ofSeconds(10)));
        Thread.sleep(100);

        assertThat(stop).isNotDone();
        assertThat(work.enter()).isFalse();
        work.leave();
        assertThat(stop.get()).isZero();
    }

    @Test
    void aStopGivesUpAfterItsGraceAndSaysHowMuchIsLeft() {
        InFlight work = new InFlight();
        work.enter();
        work.enter();

        assertThat(work.stopAndDrain(Duration.ofMillis(50))).isEqualTo(2);
    }
}
