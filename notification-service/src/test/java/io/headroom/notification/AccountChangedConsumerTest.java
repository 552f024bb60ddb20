package io.headroom.notification;

import io.headroom.common.testing.AccountChangedConsumerContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class AccountChangedConsumerTest extends AccountChangedConsumerContract {

    @Override
    protected String deadLetterQueue() {
        return "test.notification.account-changed.dlq";
    }
}
