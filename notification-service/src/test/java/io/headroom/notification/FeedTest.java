package io.headroom.notification;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test that talks to the service through a {@link Feed} of its own, connected for each test. */
abstract class FeedTest {

    protected Feed feed;

    @BeforeEach
    void connectFeed() {
        feed = new Feed();
    }

    @AfterEach
    void closeFeed() {
        feed.close();
    }
}
