package io.headroom.distribution;

import io.headroom.common.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every distribution-service test runs against its own database, created when missing. */
@QuarkusTestResource(value = TestDatabase.class,
        initArgs = @ResourceArg(name = "database", value = "headroom_distribution_test"))
public final class DistributionTestResources {

    private DistributionTestResources() {
    }
}
