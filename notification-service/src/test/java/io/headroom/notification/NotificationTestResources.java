package io.headroom.notification;

import io.headroom.common.testing.SmtpServer;
import io.headroom.common.testing.StaleEvents;
import io.headroom.common.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every notification-service test runs against its own database, created when missing, and a real
 * SMTP server (GreenMail) in the test JVM, its test queues emptied of other modules' events first.
 */
@QuarkusTestResource(value = TestDatabase.class,
        initArgs = @ResourceArg(name = "database", value = "headroom_notification_test"))
@QuarkusTestResource(SmtpServer.class)
@QuarkusTestResource(value = StaleEvents.class, initArgs = @ResourceArg(name = "queues",
        value = "test.notification.account-changed,test.notification.usage-snapshot,"
                + "test.notification.distribution-usage,test.notification.antispam-decided"))
public final class NotificationTestResources {

    private NotificationTestResources() {
    }
}
