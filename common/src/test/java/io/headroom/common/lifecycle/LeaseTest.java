package io.headroom.common.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LeaseTest {

    @Test
    void coversWorkThatEndsBeforeIt() {
        Lease lease = Lease.startingNow(Duration.ofMinutes(2));

        assertThat(lease.covers(Duration.ofSeconds(30))).isTrue();
        assertThat(lease.covers(Duration.ofMinutes(3))).isFalse();
    }

    @Test
    void coversNothingOnceItEnded() throws InterruptedException {
        Lease lease = Lease.startingNow(Duration.ofMillis(5));
        Thread.sleep(20);

        assertThat(lease.covers(Duration.ZERO)).isFalse();
    }
}
