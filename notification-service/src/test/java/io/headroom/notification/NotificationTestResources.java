package io.headroom.notification;

import io.headroom.common.testing.SmtpServer;
import io.headroom.common.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every notification-service test runs against its own database, created when missing, and a real
 * SMTP server (GreenMail) in the test JVM.
 */
@QuarkusTestResource(value = TestDatabase.class,
        initArgs = @ResourceArg(name = "database", value = "headroom_notification_test"))
@QuarkusTestResource(SmtpServer.class)
public final class NotificationTestResources {

    private NotificationTestResources() {
    }
}
