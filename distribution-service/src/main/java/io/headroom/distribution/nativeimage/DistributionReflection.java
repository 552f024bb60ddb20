package io.headroom.distribution.nativeimage;

import io.headroom.distribution.account.AccountProjection;
import io.headroom.distribution.antispam.AntispamCheckView;
import io.headroom.distribution.antispam.AntispamDecision;
import io.headroom.distribution.antispam.AntispamRequest;
import io.headroom.distribution.send.Accepted;
import io.headroom.distribution.send.DistributionRequest;
import io.headroom.distribution.send.DistributionView;
import io.headroom.distribution.send.LimitsView;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types distribution-service binds to JSON, registered for reflection so that Jackson can
 * read and write them in a native executable: request and response bodies with the records they
 * contain, and what the service hands to Jackson outside a method signature (the accepted
 * distribution kept whole by {@code Idempotency}, its {@code Body} sent as a {@code Response}
 * entity). The shared types (events, problems, RateLimitStatus) are in common's
 * {@code CommonReflection}. Nested types are listed one by one ({@code ignoreNested});
 * {@code DistributionReflectionTest} fails when a JSON-bound type is missing here.
 */
@RegisterForReflection(ignoreNested = true, targets = {
        // operator view of the account projection
        AccountProjection.View.class,
        // anti-spam check
        AntispamCheckView.class,
        AntispamRequest.class,
        AntispamDecision.class,
        // distributions
        DistributionRequest.class,
        Accepted.class,
        Accepted.Body.class,
        DistributionView.class,
        DistributionView.States.class,
        DistributionView.MessageView.class,
        // limits
        LimitsView.class,
        LimitsView.Limits.class,
        LimitsView.Usage.class,
        LimitsView.ResetsAt.class,
})
public final class DistributionReflection {

    private DistributionReflection() {
    }
}
