package io.headroom.quota;

import io.headroom.common.testing.TestDatabase;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every quota-service test runs against its own database, created when missing. */
@QuarkusTestResource(value = TestDatabase.class,
        initArgs = @ResourceArg(name = "database", value = "headroom_quota_test"))
public final class QuotaTestResources {

    private QuotaTestResources() {
    }
}
