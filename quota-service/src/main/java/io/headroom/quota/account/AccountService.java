package io.headroom.quota.account;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.id.Ids;
import io.headroom.common.outbox.Outbox;
import io.headroom.common.page.Cursor;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.PlanCatalog;
import io.headroom.quota.plan.PlanLimits;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Accounts and their projects (spec/quota-service.md §1). Every change of an account or its
 * projects publishes {@code account.changed} through the outbox, in the change's transaction.
 */
@ApplicationScoped
public class AccountService {

    /** Imports may set a past {@code createdAt}, but none before this: an earlier one is a mistake. */
    static final Instant EARLIEST_CREATED_AT = Instant.EPOCH;

    private final PlanCatalog catalog;
    private final Outbox outbox;
    private final Access access;
    private final ObjectMapper mapper;
    private final Clock clock;

    public AccountService(PlanCatalog catalog, Outbox outbox, Access access, ObjectMapper mapper, Clock clock) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.access = access;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Creates the account with its Sandbox project, and announces it. */
    @WithTransaction
    public Uni<AccountView> create(NewAccount request) {
        Instant now = now();
        Account account = new Account();
        account.id = request.id() != null ? request.id() : Ids.next(Ids.ACCOUNT);
        account.name = request.name();
        account.ownerEmail = request.ownerEmail();
        account.plan = request.plan();
        if (request.createdAt() != null && request.createdAt().isBefore(EARLIEST_CREATED_AT)) {
            throw Problems.invalid("createdAt", "must be 1970-01-01 or later");
        }
        account.createdAt = request.createdAt() != null ? request.createdAt().truncatedTo(ChronoUnit.MICROS) : now;
        account.timezone = request.timezone() != null ? request.timezone() : "UTC";
        ZoneId zone = zoneOf(account.timezone);
        account.pricingScheme = request.pricingScheme() != null ? request.pricingScheme()
                : AccountTerms.pricingSchemeFor(account.createdAt);
        account.cycleAnchorDay = request.cycleAnchorDay() != null ? request.cycleAnchorDay()
                : AccountTerms.cycleAnchorDayFor(account.createdAt, zone);
        account.customLimits = toJson(request.customLimits());
        account.updatedAt = now;
        Project sandbox = newProject(account.id, Ids.next(Ids.PROJECT), Project.SANDBOX_NAME, true, now);

        return Problems.requireAbsent(Account.findById(account.id), "account", account.id)
                .chain(() -> account.persist())
                .chain(() -> sandbox.persist())
                .chain(() -> announce(account, List.of(sandbox)))
                .map(ignored -> view(account, List.of(sandbox)));
    }

    /** The account, for its owner or the operator. */
    @WithSession
    public Uni<AccountView> get(String id) {
        return ownedAccount(id).chain(account -> Project.ofAccount(id).map(projects -> view(account, projects)));
    }

    /** The operator changes plan, pricing scheme, custom limits, time zone or owner e-mail. */
    @WithTransaction
    public Uni<AccountView> change(String id, AccountChange change) {
        return lockedAccount(id)
                .call(account -> change.timezone() == null ? Uni.createFrom().voidItem()
                        : moveCycleTotals(account, zoneOf(change.timezone())))
                .chain(account -> {
                    if (change.timezone() != null) {
                        account.timezone = change.timezone();
                    }
                    if (change.plan() != null) {
                        account.plan = change.plan();
                    }
                    if (change.pricingScheme() != null) {
                        account.pricingScheme = change.pricingScheme();
                    }
                    if (change.customLimits() != null) {
                        account.customLimits = toJson(change.customLimits());
                    }
                    if (change.ownerEmail() != null) {
                        account.ownerEmail = change.ownerEmail();
                    }
                    account.updatedAt = now();
                    return Project.ofAccount(id).call(projects -> announce(account, projects))
                            .map(projects -> view(account, projects));
                });
    }

    /** The account's owner (or the operator) adds a project. */
    @WithTransaction
    public Uni<ProjectView> createProject(String accountId, String requestedId, String name) {
        String id = requestedId != null ? requestedId : Ids.next(Ids.PROJECT);
        return ownedAccount(accountId)
                .chain(() -> lockedAccount(accountId))
                .call(() -> Problems.requireAbsent(idTaken(id), "project", id))
                .chain(account -> {
                    Project project = newProject(accountId, id, name, false, now());
                    return project.persist().chain(() -> Project.ofAccount(accountId))
                            .call(projects -> announce(account, projects))
                            .map(projects -> ProjectView.of(project));
                });
    }

    /** The account's projects, for its users and the operator. */
    @WithSession
    public Uni<Page<ProjectView>> projects(String accountId, String limit, String cursor) {
        int size = Cursor.limit(limit);
        Cursor from = Cursor.decode(cursor);
        return Account.<Account>findById(accountId)
                .invoke(account -> {
                    if (account == null) {
                        throw Problems.notFound("account", accountId);
                    }
                    access.requireAccountUser(accountId, "account", accountId);
                })
                .chain(() -> Project.<Project>find(
                        "accountId = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                        accountId, from.after(), from.afterId()).page(0, size + 1).list())
                .map(rows -> Page.of(rows, size, ProjectView::of, p -> new Cursor(p.createdAt, p.id)));
    }

    /** A project, for the account's owner, a user granted a role on it, or the operator. */
    @WithSession
    public Uni<ProjectView> project(String projectId) {
        return Project.<Project>findById(projectId)
                .onItem().ifNull().failWith(() -> Problems.notFound("project", projectId))
                .invoke(project -> access.requireProjectReader(project.accountId, projectId))
                .map(ProjectView::of);
    }

    /** The owner deletes a project; the Sandbox project stays (409). */
    @WithTransaction
    public Uni<Void> deleteProject(String projectId) {
        return Project.<Project>findById(projectId)
                .onItem().ifNull().failWith(() -> Problems.notFound("project", projectId))
                .invoke(project -> {
                    access.requireAccountOwner(project.accountId, "project", projectId);
                    if (project.sandbox) {
                        throw Problems.conflict("the Sandbox project cannot be deleted");
                    }
                })
                .chain(project -> lockedAccount(project.accountId))
                .call(() -> Project.delete("id", projectId))
                .call(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "insert into deleted_project (id, deleted_at) values (:id, :at)")
                        .setParameter("id", projectId).setParameter("at", now()).executeUpdate()))
                .chain(account -> Project.ofAccount(account.id).call(projects -> announce(account, projects)))
                .replaceWithVoid();
    }

    /**
     * A new time zone moves the current cycle's start (midnight of the anchor day, there): the
     * totals counted so far move with it, so no call of the cycle is forgotten. Counts this
     * instance had not written yet still land on the old start (at most one flush interval).
     */
    private Uni<Void> moveCycleTotals(Account account, ZoneId newZone) {
        Instant now = clock.instant();
        ZoneId oldZone = zoneOf(account.timezone);
        Instant from = BillingCycle.containing(now, account.cycleAnchorDay, oldZone).start();
        Instant to = BillingCycle.containing(now, account.cycleAnchorDay, newZone).start();
        if (from.equals(to) || !BillingCycle.sameCycle(from, oldZone, to, newZone)) {
            return Uni.createFrom().voidItem(); // near the anchor day "now" may lie in different cycles of the two zones
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                "insert into cycle_usage (project_id, metric, cycle_start, used) select project_id, metric, :to, used"
                        + " from cycle_usage where cycle_start = :from and project_id in (select id from project"
                        + " where account_id = :account) on conflict (project_id, metric, cycle_start) do update"
                        + " set used = cycle_usage.used + excluded.used")
                .setParameter("to", to).setParameter("from", from).setParameter("account", account.id)
                .executeUpdate()
                .chain(() -> session.createNativeQuery("delete from cycle_usage where cycle_start = :from and"
                        + " project_id in (select id from project where account_id = :account)")
                        .setParameter("from", from).setParameter("account", account.id).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * The account, locked for the rest of the transaction: changes of an account and its project
     * list take turns, so each {@code account.changed} carries the state its change left, in order.
     */
    private static Uni<Account> lockedAccount(String id) {
        return Account.<Account>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> Problems.notFound("account", id));
    }

    /**
     * Whether a project id is in use or was ever used: a deleted project's id is never given out
     * again, so its usage history, kept by project id, can never show under another project.
     */
    private static Uni<Boolean> idTaken(String id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("select exists (select 1 from project"
                + " where id = :id) or exists (select 1 from deleted_project where id = :id)", Boolean.class)
                .setParameter("id", id).getSingleResult())
                .map(taken -> taken ? Boolean.TRUE : null);
    }

    private Uni<Account> ownedAccount(String id) {
        return Account.<Account>findById(id)
                .onItem().ifNull().failWith(() -> Problems.notFound("account", id))
                .invoke(account -> access.requireAccountOwner(account.id, "account", id));
    }

    private Uni<Void> announce(Account account, List<Project> projects) {
        PlanLimits limits = limitsOf(account);
        return outbox.add(AccountChanged.of(clock.instant(), account.id, account.name, account.ownerEmail,
                account.plan.key(), account.pricingScheme.key(), account.createdAt, account.timezone,
                account.cycleAnchorDay,
                new AccountChanged.PlanLimits(limits.distributionsPerDay(), limits.distributionsPerMonth(),
                        limits.webhookCallsPerDay()),
                projects.stream().map(p -> new AccountChanged.ProjectRef(p.id, p.name, p.sandbox)).toList()));
    }

    private AccountView view(Account account, List<Project> projects) {
        return new AccountView(account.id, account.name, account.ownerEmail, account.plan, account.pricingScheme,
                account.createdAt, account.cycleAnchorDay, account.timezone,
                BillingCycle.containing(clock.instant(), account.cycleAnchorDay, ZoneId.of(account.timezone)),
                customLimitsOf(account),
                limitsOf(account), projects.stream().map(ProjectView::of).toList());
    }

    private PlanLimits limitsOf(Account account) {
        return catalog.effective(account.plan, customLimitsOf(account));
    }

    private CustomLimits customLimitsOf(Account account) {
        if (account.customLimits == null) {
            return null;
        }
        try {
            return mapper.readValue(account.customLimits, CustomLimits.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored custom limits of " + account.id + " are unreadable", e);
        }
    }

    private String toJson(CustomLimits customLimits) {
        if (customLimits == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(customLimits);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Project newProject(String accountId, String id, String name, boolean sandbox, Instant now) {
        Project project = new Project();
        project.id = id;
        project.accountId = accountId;
        project.name = name;
        project.sandbox = sandbox;
        project.createdAt = now;
        return project;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static ZoneId zoneOf(String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw Problems.invalid("timezone", "is not an IANA time zone");
        }
    }
}
