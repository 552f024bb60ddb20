package io.headroom.quota.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.id.Ids;
import io.headroom.common.idempotency.Idempotency;
import io.headroom.common.outbox.Outbox;
import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemException;
import io.headroom.common.problem.ProblemType;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.config.Enforcement;
import io.headroom.quota.config.QuotaConfig;
import io.headroom.quota.ratelimit.PolicyCache;
import io.headroom.quota.ratelimit.ProjectPolicy;
import io.headroom.quota.usage.Metric;
import io.headroom.quota.usage.UsageRecorder;
import io.headroom.quota.usage.UsageWrites;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Admits webhook calls from integrations against the project's daily bucket (spec/quota-service.md
 * §5). One transaction counts the call in the bucket, stores it, puts its delivery message into
 * the outbox, counts it in its hour and records the day's and the hour's {@code usage.snapshot}:
 * all of that or, when the bucket is spent, none of it. So the bucket's count is exactly the calls
 * stored, across instances and restarts, and a 202 means the call will be delivered.
 */
@ApplicationScoped
public class WebhookInbox {

    /** The largest payload accepted, serialized as JSON: 256 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private final PolicyCache policies;
    private final WebhookCalls calls;
    private final UsageWrites usage;
    private final UsageRecorder recorder;
    private final Outbox outbox;
    private final Idempotency idempotency;
    private final Enforcement enforcement;
    private final Access access;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final long sandboxCallsPerHour;
    private final String routingKey;

    public WebhookInbox(PolicyCache policies, WebhookCalls calls, UsageWrites usage, UsageRecorder recorder,
            Outbox outbox, Idempotency idempotency, Enforcement enforcement, Access access, ObjectMapper mapper,
            Clock clock, QuotaConfig config, WebhookConfig webhooks) {
        this.policies = policies;
        this.calls = calls;
        this.usage = usage;
        this.recorder = recorder;
        this.outbox = outbox;
        this.idempotency = idempotency;
        this.enforcement = enforcement;
        this.access = access;
        this.mapper = mapper;
        this.clock = clock;
        this.sandboxCallsPerHour = config.quota().sandboxCallsPerHour();
        this.routingKey = webhooks.routingKey();
    }

    /** Accepts the call into the queue, or refuses it with 429 once the day's bucket is spent. */
    public Uni<WebhookViews.Admission> accept(String projectId, WebhookViews.NewCall request, String idempotencyKey) {
        String payload = encode(request);
        return project(projectId).chain(policy -> Panache.withTransaction(() -> idempotency.once(
                "webhook:" + projectId, idempotencyKey, request, WebhookViews.Admission.class,
                () -> admit(policy, request.source(), payload)))
                .onFailure(WebhookInbox::isRefusal).invoke(() -> recorder.recordDenied(projectId,
                        Metric.WEBHOOK_CALLS, clock.millis())));
    }

    /** A call of the project, as its readers see it. */
    public Uni<WebhookViews.Call> call(String projectId, String callId) {
        return project(projectId)
                .invoke(policy -> access.requireProjectReaderOrGateway(policy.accountId(), projectId))
                .chain(policy -> Panache.withSession(() -> calls.find(projectId, callId)))
                .onItem().ifNull().failWith(() -> Problems.notFound("webhook call", callId));
    }

    private Uni<WebhookViews.Admission> admit(ProjectPolicy policy, String source, String payload) {
        Instant now = clock.instant();
        DailyBucket bucket = DailyBucket.of(policy, now, sandboxCallsPerHour);
        String projectId = policy.projectId();
        return calls.hasTarget(projectId)
                .invoke(hasTarget -> {
                    if (!hasTarget) {
                        throw Problems.conflict("project " + projectId + " has no webhook target: set one with"
                                + " PUT /v1/projects/" + projectId + "/webhook-target first");
                    }
                })
                .chain(() -> calls.countInBucket(projectId, bucket.dayStart(),
                        enforcement.enforced() ? bucket.limit() : 0))
                .onItem().ifNull().failWith(() -> Problems.rateLimited(
                        bucket.status(bucket.limit(), true, now.toEpochMilli()),
                        "the day's bucket of " + bucket.limit() + " webhook calls is spent; it refills at "
                                + bucket.dayEnd()))
                .chain(used -> store(policy, bucket, source, payload, now, used));
    }

    private Uni<WebhookViews.Admission> store(ProjectPolicy policy, DailyBucket bucket, String source,
            String payload, Instant now, long used) {
        String id = Ids.next(Ids.WEBHOOK_CALL);
        String projectId = policy.projectId();
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        return calls.insert(id, projectId, policy.accountId(), source, payload, now)
                .chain(() -> outbox.add(WebhookCallReady.of(id, projectId, now, routingKey)))
                .chain(() -> calls.countInHour(projectId, hour))
                .call(inHour -> usage.snapshotDue(snapshot(policy, now, hour, hour.plus(Duration.ofHours(1)),
                        inHour, bucket.hourlyShare(), "hour")))
                .call(() -> usage.snapshotDue(snapshot(policy, now, bucket.dayStart(), bucket.dayEnd(), used,
                        bucket.limit(), "day")))
                .map(ignored -> {
                    if (!bucket.unlimited() && used == bucket.limit()) {
                        recorder.flushSoon();
                    }
                    return new WebhookViews.Admission(new WebhookViews.Accepted(id, "queued"),
                            bucket.status(used, false, now.toEpochMilli()));
                });
    }

    private static UsageSnapshot snapshot(ProjectPolicy policy, Instant now, Instant start, Instant end, long used,
            long limit, String window) {
        return UsageSnapshot.of(now, policy.accountId(), policy.projectId(), Metric.WEBHOOK_CALLS.wire(), start, end,
                used, limit, window);
    }

    private Uni<ProjectPolicy> project(String projectId) {
        return policies.get(projectId).onItem().ifNull().failWith(() -> Problems.notFound("project", projectId));
    }

    /** The payload as stored and delivered; 413 beyond 256 KiB. */
    private String encode(WebhookViews.NewCall request) {
        if (request.payload().isNull()) {
            throw Problems.invalid("payload", "is required");
        }
        try {
            String json = mapper.writeValueAsString(request.payload());
            if (json.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
                throw Problem.of(ProblemType.PAYLOAD_TOO_LARGE)
                        .detail("payload is larger than 256 KiB (262,144 bytes of JSON)").exception();
            }
            return json;
        } catch (JsonProcessingException e) {
            throw Problems.invalid("payload", "must be JSON");
        }
    }

    private static boolean isRefusal(Throwable failure) {
        return failure instanceof ProblemException problem && problem.problem().status() == 429;
    }
}
