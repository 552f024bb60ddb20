package io.headroom.common.nativeimage;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.event.AntispamDecided;
import io.headroom.common.event.DistributionUsage;
import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemType;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The shared types Jackson reads and writes, registered for reflection so that a native
 * executable can still (de)serialize them: the events (written by the outbox through
 * {@code EventCodec}, read by the consumers), the problem types, the page of every list endpoint
 * and the rate-limit status kept in {@code Idempotency-Key} records.
 *
 * <p>This jar is indexed by Jandex (jandex-maven-plugin), so Quarkus sees this annotation in every
 * service. Nested types are listed one by one ({@code ignoreNested}): one line, one registration.
 * {@code CommonReflectionTest} fails when a type it must cover is missing; each service has its own
 * holder for its own types, checked the same way.
 */
@RegisterForReflection(ignoreNested = true, targets = {
        AccountChanged.class,
        AccountChanged.PlanLimits.class,
        AccountChanged.ProjectRef.class,
        AntispamDecided.class,
        DistributionUsage.class,
        UsageSnapshot.class,
        Problem.class,
        Problem.FieldError.class,
        ProblemType.class,
        Page.class,
        RateLimitStatus.class,
})
public final class CommonReflection {

    private CommonReflection() {
    }
}
