package io.headroom.distribution.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.headroom.common.nativeimage.CommonReflection;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.common.testing.JsonBindings;
import io.headroom.distribution.antispam.AntispamRequest;
import io.headroom.distribution.send.Accepted;
import io.headroom.distribution.send.DistributionView;
import io.headroom.distribution.send.LimitsView;

/**
 * Every type distribution-service binds to JSON is registered for reflection
 * (DistributionReflection, or CommonReflection for the shared ones), so that the native executable
 * can read and write it. No Quarkus boot: reflection on target/classes.
 */
class DistributionReflectionTest {

    @Test
    void everyTypeBoundToJsonIsRegisteredForReflection() {
        List<Class<?>> classes = JsonBindings.moduleClasses(DistributionReflection.class);
        Set<Class<?>> bound = JsonBindings.jsonBound(classes, List.of(
                // Idempotency writes it with the ObjectMapper and reads it back for a repeated POST
                Accepted.class,
                // DistributionResource answers it as the entity of a plain Response
                Accepted.Body.class));
        List<Class<?>> annotated = new ArrayList<>(classes);
        annotated.add(CommonReflection.class);
        annotated.addAll(bound);

        assertThat(bound).as("the scan of target/classes").contains(AntispamRequest.class,
                DistributionView.MessageView.class, LimitsView.ResetsAt.class, Accepted.Body.class,
                RateLimitStatus.class);
        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(annotated)))
                .as("JSON-bound types missing from DistributionReflection (or CommonReflection)").isEmpty();
    }
}
