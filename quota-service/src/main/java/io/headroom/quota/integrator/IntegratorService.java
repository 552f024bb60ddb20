package io.headroom.quota.integrator;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.headroom.common.id.Ids;
import io.headroom.common.idempotency.Idempotency;
import io.headroom.common.page.Cursor;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.account.Account;
import io.headroom.quota.config.Enforcement;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Integrator quotas (spec/quota-service.md §2). Every counter changes through one conditional
 * UPDATE of the account's {@code integrator_account} row ("add n where the limit is 0 or the sum
 * stays within it"), so the database, not the JVM, keeps a limit under concurrent requests and
 * instances; a refused request rolls its whole transaction back and counts nothing.
 *
 * <p>Locks are always taken in one order, organization row first, then the account's row, so
 * concurrent deletes, votes and provisioning never deadlock.
 */
@ApplicationScoped
public class IntegratorService {

    private final Access access;
    private final Enforcement enforcement;
    private final Idempotency idempotency;
    private final Clock clock;

    public IntegratorService(Access access, Enforcement enforcement, Idempotency idempotency, Clock clock) {
        this.access = access;
        this.enforcement = enforcement;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    /**
     * The operator turns integrator features on or off and sets the tier; usage is kept. The free
     * tier's limits are fixed; a custom tier needs them.
     */
    @WithTransaction
    public Uni<IntegratorViews.Overview> configure(String accountId, boolean enabled, IntegratorTier tier,
            IntegratorLimits limits) {
        if (tier == IntegratorTier.CUSTOM && limits == null) {
            return Uni.createFrom().failure(Problems.invalid("limits", "are required for the custom tier"));
        }
        if (tier == IntegratorTier.FREE && limits != null) {
            return Uni.createFrom().failure(Problems.invalid("limits", "are fixed for the free tier"));
        }
        return Account.<Account>findById(accountId)
                .onItem().ifNull().failWith(() -> Problems.notFound("account", accountId))
                // locked: the entity is written back whole, counters included, so none may change meanwhile
                .chain(account -> IntegratorAccount.<IntegratorAccount>findById(accountId, LockModeType.PESSIMISTIC_WRITE))
                .chain(existing -> {
                    IntegratorAccount row = existing != null ? existing : newRow(accountId);
                    row.enabled = enabled;
                    row.tier = tier;
                    row.limit(tier == IntegratorTier.FREE ? IntegratorLimits.FREE : limits);
                    row.updatedAt = clock.instant();
                    return existing != null ? Uni.createFrom().item(row) : row.<IntegratorAccount>persist();
                })
                .map(IntegratorViews.Overview::of);
    }

    /** The operator's or owner's view of one account's integrator quota. */
    @WithSession
    public Uni<IntegratorViews.Overview> overviewOf(String accountId) {
        access.requireAccountOwner(accountId, "account", accountId);
        return Account.<Account>findById(accountId)
                .onItem().ifNull().failWith(() -> Problems.notFound("account", accountId))
                .chain(() -> IntegratorAccount.<IntegratorAccount>findById(accountId))
                .map(IntegratorViews.Overview::of);
    }

    /** {@code GET /integrator}: the calling account's limits and usage. */
    @WithSession
    public Uni<IntegratorViews.Overview> overview() {
        return IntegratorAccount.<IntegratorAccount>findById(callerAccount()).map(IntegratorViews.Overview::of);
    }

    @WithTransaction
    public Uni<IntegratorViews.Organization> createOrganization(String requestedId, String name) {
        String accountId = callerAccount();
        ManagedOrganization org = new ManagedOrganization();
        org.id = requestedId != null ? requestedId : Ids.next(Ids.ORGANIZATION);
        org.accountId = accountId;
        org.name = name;
        org.createdAt = now();
        return Problems.requireAbsent(ManagedOrganization.findById(org.id), "organization", org.id)
                .chain(() -> count(accountId, IntegratorQuota.MANAGED_ORGS, 1))
                .chain(() -> org.<ManagedOrganization>persist())
                .map(IntegratorViews.Organization::of);
    }

    @WithSession
    public Uni<Page<IntegratorViews.Organization>> organizations(String limit, String cursor) {
        int size = Cursor.limit(limit);
        Cursor from = Cursor.decode(cursor);
        return ManagedOrganization.<ManagedOrganization>find(
                "accountId = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                callerAccount(), from.after(), from.afterId())
                .page(0, size + 1).list()
                .map(rows -> Page.of(rows, size, IntegratorViews.Organization::of,
                        org -> new Cursor(org.createdAt, org.id)));
    }

    /**
     * Deletes the organization and its processes in one transaction, giving back its slot, its
     * processes' slots and the votes, e-mails and SMS attributed to it.
     */
    @WithTransaction
    public Uni<Void> deleteOrganization(String orgId) {
        String accountId = callerAccount();
        return lockOrganization(accountId, orgId).chain(org -> ManagedProcess.delete("organizationId", org.id)
                .chain(() -> ManagedOrganization.delete("id", org.id))
                .chain(() -> IntegratorAccount.update("managedOrgs = managedOrgs - 1,"
                        + " managedProcesses = managedProcesses - ?1, sentVotes = sentVotes - ?2,"
                        + " sentEmails = sentEmails - ?3, sentSMS = sentSMS - ?4, updatedAt = ?5"
                        + " where accountId = ?6",
                        org.managedProcesses, org.sentVotes, org.sentEmails, org.sentSMS, now(), accountId)))
                .replaceWithVoid();
    }

    @WithTransaction
    public Uni<IntegratorViews.Process> createProcess(String orgId, String requestedId, String title) {
        String accountId = callerAccount();
        ManagedProcess process = new ManagedProcess();
        process.id = requestedId != null ? requestedId : Ids.next(Ids.PROCESS);
        process.organizationId = orgId;
        process.accountId = accountId;
        process.title = title;
        process.createdAt = now();
        return attribute(accountId, orgId, "managedProcesses", 1)
                .chain(() -> Problems.requireAbsent(ManagedProcess.findById(process.id), "process", process.id))
                .chain(() -> count(accountId, IntegratorQuota.MANAGED_PROCESSES, 1))
                .chain(() -> process.<ManagedProcess>persist())
                .map(IntegratorViews.Process::of);
    }

    /** Deletes a process and frees its {@code maxManagedProcesses} slot. */
    @WithTransaction
    public Uni<Void> deleteProcess(String orgId, String processId) {
        String accountId = callerAccount();
        return lockOrganization(accountId, orgId)
                .chain(org -> ManagedProcess.delete("id = ?1 and organizationId = ?2", processId, org.id))
                .invoke(deleted -> {
                    if (deleted == 0) {
                        throw Problems.notFound("process", processId);
                    }
                })
                .chain(() -> attribute(accountId, orgId, "managedProcesses", -1))
                .chain(() -> IntegratorAccount.update("managedProcesses = managedProcesses - 1, updatedAt = ?1"
                        + " where accountId = ?2", now(), accountId))
                .replaceWithVoid();
    }

    /** Counts {@code count} votes relayed for a process of the organization; all or nothing. */
    @WithTransaction
    public Uni<IntegratorViews.Overview> sendVotes(String orgId, String processId, int count, String idempotencyKey,
            Object request) {
        String accountId = callerAccount();
        return idempotency.once(scope(accountId), idempotencyKey, List.of("votes", orgId, request),
                IntegratorViews.Overview.class,
                () -> attribute(accountId, orgId, "sentVotes", count)
                        .chain(() -> ManagedProcess.count("id = ?1 and organizationId = ?2", processId, orgId))
                        .invoke(found -> {
                            if (found == 0) {
                                throw Problems.notFound("process", processId);
                            }
                        })
                        .chain(() -> count(accountId, IntegratorQuota.VOTES, count))
                        .chain(() -> currentOverview(accountId)));
    }

    /** Counts {@code count} one-time passwords sent by e-mail or SMS for the organization; all or nothing. */
    @WithTransaction
    public Uni<IntegratorViews.Overview> sendOtp(String orgId, OtpChannel channel, int count, String idempotencyKey,
            Object request) {
        String accountId = callerAccount();
        IntegratorQuota quota = channel == OtpChannel.EMAIL ? IntegratorQuota.EMAILS : IntegratorQuota.SMS;
        return idempotency.once(scope(accountId), idempotencyKey, List.of("otp", orgId, request),
                IntegratorViews.Overview.class,
                () -> attribute(accountId, orgId, quota.counter(), count)
                        .chain(() -> count(accountId, quota, count))
                        .chain(() -> currentOverview(accountId)));
    }

    /**
     * Adds {@code amount} to the account's counter of {@code quota} if the feature is on and, where
     * enforced, the limit allows it; refuses with the reason otherwise.
     */
    private Uni<Void> count(String accountId, IntegratorQuota quota, long amount) {
        String counter = quota.counter();
        String limit = quota.limit();
        String withinLimit = enforcement.enforced()
                ? " and (" + limit + " = 0 or " + counter + " + ?1 <= " + limit + ")"
                : "";
        return IntegratorAccount.update(counter + " = " + counter + " + ?1, updatedAt = ?2"
                + " where accountId = ?3 and enabled = true" + withinLimit, amount, now(), accountId)
                .chain(rows -> rows == 1 ? Uni.createFrom().voidItem() : refuse(accountId, quota, amount));
    }

    private Uni<Void> refuse(String accountId, IntegratorQuota quota, long amount) {
        return currentRow(accountId).map(row -> {
            if (row == null || !row.enabled) {
                throw Problems.featureDisabled("integrator features are off for this account");
            }
            long[] standing = row.standing(quota);
            throw Problems.quotaExceeded(quota.limit(), standing[0], standing[1],
                    quota.refusal(standing[0], standing[1], amount));
        });
    }

    /**
     * Adds {@code amount} to a usage field attributed to the organization; this takes the
     * organization's row lock first, as every path here does.
     */
    private Uni<Void> attribute(String accountId, String orgId, String field, long amount) {
        return ManagedOrganization.update(field + " = " + field + " + ?1 where id = ?2 and accountId = ?3",
                amount, orgId, accountId)
                .invoke(rows -> {
                    if (rows == 0) {
                        throw Problems.notFound("organization", orgId);
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<ManagedOrganization> lockOrganization(String accountId, String orgId) {
        return ManagedOrganization.<ManagedOrganization>find("id = ?1 and accountId = ?2", orgId, accountId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult()
                .onItem().ifNull().failWith(() -> Problems.notFound("organization", orgId));
    }

    private Uni<IntegratorViews.Overview> currentOverview(String accountId) {
        return currentRow(accountId).map(IntegratorViews.Overview::of);
    }

    /** The row as the database has it now, not as this session may have cached it. */
    private static Uni<IntegratorAccount> currentRow(String accountId) {
        return IntegratorAccount.<IntegratorAccount>findById(accountId)
                .call(row -> row == null ? Uni.createFrom().nullItem()
                        : io.quarkus.hibernate.reactive.panache.Panache.getSession().chain(session -> session.refresh(row)));
    }

    private IntegratorAccount newRow(String accountId) {
        IntegratorAccount row = new IntegratorAccount();
        row.accountId = accountId;
        return row;
    }

    private String callerAccount() {
        String accountId = access.caller().accountId();
        if (accountId == null) {
            throw Problems.forbidden("the token names no account");
        }
        return accountId;
    }

    private static String scope(String accountId) {
        return "integrator:" + accountId;
    }

    private Instant now() {
        return clock.instant();
    }
}
