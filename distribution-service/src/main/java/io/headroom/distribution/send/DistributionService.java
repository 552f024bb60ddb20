package io.headroom.distribution.send;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.DistributionUsage;
import io.headroom.common.id.Ids;
import io.headroom.common.idempotency.Idempotency;
import io.headroom.common.outbound.OutboundConfig;
import io.headroom.common.outbox.Outbox;
import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemType;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.common.security.Caller;
import io.headroom.distribution.config.DistributionConfig;
import io.headroom.distribution.limit.Allowance;
import io.headroom.distribution.limit.CalendarPeriods;
import io.headroom.distribution.limit.DistributionLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Accepts a distribution (spec/distribution-service.md §3): all of its messages fit in what is
 * left of the day's and the month's allowance, or none is counted. The account's row is locked
 * for the transaction, so the counts of concurrent distributions, on any instance, add up one after
 * the other and never pass a limit; the distribution, its queued messages, the counts, the
 * {@code distribution.usage} events and the {@code Idempotency-Key} record commit together.
 */
@ApplicationScoped
public class DistributionService {

    private final DistributionStore store;
    private final Idempotency idempotency;
    private final Outbox outbox;
    private final Access access;
    private final Clock clock;
    private final boolean enforced;
    private final boolean allowPrivateUrls;
    private final boolean smsGatewayConfigured;

    public DistributionService(DistributionStore store, Idempotency idempotency, Outbox outbox, Access access,
            Clock clock, DistributionConfig config, OutboundConfig outbound) {
        this.store = store;
        this.idempotency = idempotency;
        this.outbox = outbox;
        this.access = access;
        this.clock = clock;
        this.enforced = config.environment() == DistributionConfig.Environment.PRODUCTION;
        this.allowPrivateUrls = outbound.allowPrivateAddresses();
        this.smsGatewayConfigured = config.sms().gatewayUrl().isPresent();
    }

    public Uni<Accepted> send(String projectId, String idempotencyKey, DistributionRequest input) {
        Caller caller = access.caller();
        return Panache.withTransaction(() -> store.accountOf(projectId).chain(accountId -> {
            if (accountId == null) {
                throw Problems.notFound("project", projectId);
            }
            access.requireProjectAdminOrGateway(accountId, projectId);
            DistributionRequest.Valid request = DistributionRequest.validated(input, allowPrivateUrls);
            if (request.channel() == Channel.SMS && !smsGatewayConfigured) {
                throw Problems.unavailable("no SMS gateway is configured for this installation", 3600);
            }
            return idempotency.once("distributions:" + projectId, idempotencyKey, request, Accepted.class,
                    () -> count(accountId, projectId, request, caller.subject()));
        }));
    }

    private Uni<Accepted> count(String accountId, String projectId, DistributionRequest.Valid request,
            String createdBy) {
        return store.lockAccount(accountId).chain(account -> {
            if (account == null) { // deleted since its project was found
                throw Problems.notFound("project", projectId);
            }
            Instant now = clock.instant();
            DistributionLimits limits = account.limits();
            if (request.channel() == Channel.EMAIL && !limits.emailAllowed() && enforced) {
                throw Problem.of(ProblemType.FORBIDDEN)
                        .detail("the e-mail channel needs a passed anti-spam check; this account's check is "
                                + account.antispam().wire())
                        .with("antiSpamCheck", account.antispam().wire()).exception();
            }
            CalendarPeriods periods = CalendarPeriods.at(now, account.zone());
            int messages = request.recipients().size();
            return store.usage(accountId, periods).chain(used -> {
                Allowance.Verdict verdict = Allowance.decide(enforced ? limits : DistributionLimits.NONE, periods,
                        used[0], used[1], messages, now.toEpochMilli());
                if (!verdict.accepted()) {
                    throw Problems.rateLimited(verdict.status(), refusal(messages, verdict));
                }
                String id = Ids.next(Ids.DISTRIBUTION);
                return store.count(accountId, periods, messages)
                        .call(after -> store.insert(id, accountId, projectId, request, createdBy, now))
                        .call(after -> outbox.add(usage(accountId, projectId, periods.day(), after[0],
                                limits.perDay(), now)))
                        .call(after -> outbox.add(usage(accountId, projectId, periods.month(), after[1],
                                limits.perMonth(), now)))
                        .map(after -> new Accepted(id, messages, "queued", verdict.status()));
            });
        });
    }

    private static String refusal(int messages, Allowance.Verdict verdict) {
        String period = "month".equals(verdict.period()) ? "this month" : "today";
        return messages + (messages == 1 ? " message does" : " messages do") + " not fit: " + verdict.status().remaining()
                + " of " + verdict.status().limit() + " left " + period + "; nothing was sent or counted";
    }

    private static DistributionUsage usage(String accountId, String projectId, CalendarPeriods.Period period,
            long used, long limit, Instant now) {
        return new DistributionUsage(UUID.randomUUID().toString(), DistributionUsage.SCHEMA_VERSION, now, accountId,
                projectId, period.start(), period.end(), used, limit, period.name());
    }
}
