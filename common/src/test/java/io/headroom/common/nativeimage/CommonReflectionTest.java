package io.headroom.common.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemType;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.common.testing.JsonBindings;

/**
 * Every event record, problem type and shared view of this jar is registered for reflection, so
 * that Jackson can read and write it in a native executable (no Quarkus boot: reflection on
 * target/classes).
 */
class CommonReflectionTest {

    private static final Set<String> EVENT_AND_PROBLEM_PACKAGES =
            Set.of("io.headroom.common.event", "io.headroom.common.problem");

    @Test
    void everyEventProblemAndSharedViewIsRegisteredForReflection() {
        List<Class<?>> classes = JsonBindings.moduleClasses(CommonReflection.class);
        List<Class<?>> alsoBound = new ArrayList<>();
        for (Class<?> type : classes) {
            if (EVENT_AND_PROBLEM_PACKAGES.contains(type.getPackageName()) && (type.isRecord() || type.isEnum())
                    && Modifier.isPublic(type.getModifiers())) {
                alsoBound.add(type);
            }
        }
        alsoBound.add(Problem.class);
        alsoBound.add(Page.class); // every list endpoint answers one
        alsoBound.add(RateLimitStatus.class); // kept in the Idempotency-Key records of quota and distribution
        Set<Class<?>> bound = JsonBindings.jsonBound(classes, alsoBound);
        List<Class<?>> annotated = new ArrayList<>(classes);
        annotated.addAll(bound);

        assertThat(bound).as("the scan of target/classes").contains(AccountChanged.class,
                AccountChanged.ProjectRef.class, AccountChanged.PlanLimits.class, UsageSnapshot.class,
                Problem.class, Problem.FieldError.class, ProblemType.class, Page.class, RateLimitStatus.class);
        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(annotated)))
                .as("JSON-bound types of common missing from CommonReflection").isEmpty();
    }
}
