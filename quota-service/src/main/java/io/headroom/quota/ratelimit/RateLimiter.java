package io.headroom.quota.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.headroom.common.problem.ProblemException;
import io.headroom.common.problem.Problems;
import io.headroom.quota.config.Enforcement;
import io.headroom.quota.config.QuotaConfig;
import io.headroom.quota.usage.UsageRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Decides {@code POST /v1/checks} (spec/quota-service.md §3): the project's policy from the
 * in-process cache, a refusal already known here, or one Redis script call that counts in every
 * window or in none. A missing cycle count is rebuilt from PostgreSQL first. If Redis does not
 * answer within the timeout, the configured failure policy answers: {@code open} lets the call
 * through unenforced, {@code closed} refuses with 503.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Logger LOG = Logger.getLogger(RateLimiter.class);
    /** A decision may meet a missing cycle count twice (a new cycle while Redis restarts); more means Redis is losing data now. */
    private static final int REBUILDS = 2;
    /** How long a decision waits for PostgreSQL when it rebuilds a lost cycle count. */
    private static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(1);

    private final PolicyCache policies;
    private final RedisWindows redis;
    private final CycleLedger ledger;
    private final UsageRecorder usage;
    private final Enforcement enforcement;
    private final Clock clock;
    private final WindowPlan plan;
    private final LocalDenials denials = new LocalDenials();
    private final Map<String, Uni<Void>> rebuilding = new ConcurrentHashMap<>();
    private final QuotaConfig.Checks config;
    private final Counter redisFailures;
    private final Counter localRefusals;

    public RateLimiter(PolicyCache policies, RedisWindows redis, CycleLedger ledger, UsageRecorder usage,
            Enforcement enforcement, Clock clock, QuotaConfig config, MeterRegistry registry) {
        this.policies = policies;
        this.redis = redis;
        this.ledger = ledger;
        this.usage = usage;
        this.enforcement = enforcement;
        this.clock = clock;
        this.config = config.quota();
        this.plan = new WindowPlan(this.config.keyPrefix(), this.config.sandboxCallsPerHour());
        this.redisFailures = Counter.builder("headroom.checks.redis.failures")
                .tag("policy", this.config.redisFailure().name().toLowerCase()).register(registry);
        this.localRefusals = registry.counter("headroom.checks.refused.locally");
    }

    /** The decision on one call of {@code cost} units; fails with 404 for an unknown project. */
    public Uni<Decision> check(String projectId, CheckKind kind, String clientIp, long cost) {
        return policies.get(projectId)
                .onFailure().transform(e -> {
                    LOG.warnf("plan data of %s cannot be read: %s", projectId, e.toString());
                    return Problems.unavailable("plan data cannot be read now", 1);
                })
                .chain(policy -> {
            if (policy == null) {
                return Uni.createFrom().failure(Problems.notFound("project", projectId));
            }
            return decide(policy, kind, clientIp, cost);
        });
    }

    private Uni<Decision> decide(ProjectPolicy policy, CheckKind kind, String clientIp, long cost) {
        long localMillis = clock.millis();
        String denialKey = kind == CheckKind.CLIENT ? policy.projectId() + "|client|" + clientIp
                : policy.projectId() + "|" + kind.wire();
        Decision known = denials.find(denialKey, policy, localMillis, cost);
        if (known != null) {
            localRefusals.increment();
            usage.record(policy, kind, known);
            return Uni.createFrom().item(known);
        }
        List<Window> windows = plan.windows(policy, kind, clientIp, Instant.ofEpochMilli(localMillis));
        boolean enforce = enforcement.enforced();
        return count(policy, windows, cost, enforce, REBUILDS)
                .map(counted -> new Decision(counted.allowed(), enforce, cost, counted.counts(), counted.nowMillis()))
                .invoke(decision -> {
                    usage.record(policy, kind, decision);
                    denials.remember(denialKey, policy, decision, localMillis);
                })
                .onFailure(e -> !(e instanceof ProblemException)).recoverWithUni(e -> unreachable(policy, kind, cost, e));
    }

    private Uni<RedisWindows.Counted> count(ProjectPolicy policy, List<Window> windows, long cost, boolean enforce,
            int rebuilds) {
        return redis.decide(windows, cost, enforce).ifNoItem().after(config.redisTimeout()).fail().chain(reply -> {
            if (reply instanceof RedisWindows.Counted counted) {
                return Uni.createFrom().item(counted);
            }
            Window lost = ((RedisWindows.RebuildNeeded) reply).window();
            if (rebuilds == 0) {
                return Uni.createFrom().failure(new IllegalStateException("Redis keeps losing " + lost.key()));
            }
            return rebuild(policy.projectId(), lost).chain(() -> count(policy, windows, cost, enforce, rebuilds - 1));
        });
    }

    /**
     * Puts the cycle's count back into Redis from PostgreSQL; concurrent decisions that met the
     * same missing cycle share one rebuild.
     */
    private Uni<Void> rebuild(String projectId, Window lost) {
        String key = lost.key() + "@" + lost.start();
        return rebuilding.computeIfAbsent(key, k -> ledger.count(projectId, lost.start())
                .ifNoItem().after(LEDGER_TIMEOUT).fail()
                .chain(total -> redis.seed(lost, total).ifNoItem().after(config.redisTimeout()).fail())
                .eventually(() -> {
                    rebuilding.remove(k);
                })
                .memoize().indefinitely());
    }

    private Uni<Decision> unreachable(ProjectPolicy policy, CheckKind kind, long cost, Throwable failure) {
        redisFailures.increment();
        LOG.debugf("check of %s decided without Redis (%s): %s", policy.projectId(), config.redisFailure(), failure);
        if (config.redisFailure() == QuotaConfig.RedisFailure.CLOSED) {
            return Uni.createFrom().failure(Problems.unavailable("the rate-limit store does not answer", 1));
        }
        Instant now = clock.instant();
        usage.recordUnenforced(policy, kind, cost, now);
        return Uni.createFrom().item(Decision.unenforced(now.toEpochMilli()));
    }

    @Scheduled(identity = "local-denials-janitor", every = "10s")
    void forgetExpiredDenials() {
        denials.forgetExpired(clock.millis());
    }

    /** Forgets the project's plan data (created or deleted here): its next decision reads it again. */
    public void projectChanged(String projectId) {
        policies.forgetProject(projectId);
    }

    /** Forgets the account's plan data: its next decisions see a change at once (refusals decided under the old plan no longer hold). */
    public void accountChanged(String accountId) {
        policies.forgetAccount(accountId);
    }
}
