package io.headroom.common.outbox;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The transactional outbox and its relay (every service has one). */
@ConfigMapping(prefix = "headroom.outbox")
public interface OutboxConfig {

    /** How often the relay looks for unsent events; read by the scheduler as {@code headroom.outbox.poll-interval}. */
    @WithDefault("0.5s")
    Duration pollInterval();

    /** Events taken per round; a full round is followed at once by the next, up to {@link #maxBatchesPerRound}. */
    @WithDefault("200")
    int batchSize();

    /** Rounds of {@link #batchSize} events a single poll may publish before yielding. */
    @WithDefault("10")
    int maxBatchesPerRound();

    /** How long the relay waits for the broker's confirm of one event before it leaves the event for the next poll. */
    @WithDefault("5s")
    Duration sendTimeout();

    /** How long sent events and the consumer's record of processed event ids are kept. */
    @WithDefault("7d")
    Duration retention();
}
