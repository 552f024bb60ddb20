package io.headroom.distribution;

import io.headroom.common.testing.SmtpServer;
import io.headroom.common.testing.StaleEvents;
import io.headroom.common.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Every distribution-service test runs against its own database, created when missing, a real
 * SMTP server (GreenMail) in the test JVM and a local HTTP endpoint standing in for the SMS gateway
 * and webhook receivers; its test queue is emptied of other modules' events first.
 */
@QuarkusTestResource(value = TestDatabase.class,
        initArgs = @ResourceArg(name = "database", value = "headroom_distribution_test"))
@QuarkusTestResource(SmtpServer.class)
@QuarkusTestResource(value = StaleEvents.class,
        initArgs = @ResourceArg(name = "queues", value = "test.distribution.account-changed"))
@QuarkusTestResource(SmsGateway.class)
public final class DistributionTestResources {

    private DistributionTestResources() {
    }
}
