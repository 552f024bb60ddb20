package io.headroom.quota.account;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.id.Ids;
import io.headroom.common.outbox.Outbox;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.plan.PlanCatalog;
import io.headroom.quota.plan.PlanLimits;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/** Creates and reads accounts; every change publishes {@code account.changed} through the outbox. */
@ApplicationScoped
public class AccountService {

    private final PlanCatalog catalog;
    private final Outbox outbox;
    private final Access access;
    private final Clock clock;

    public AccountService(PlanCatalog catalog, Outbox outbox, Access access, Clock clock) {
        this.catalog = catalog;
        this.outbox = outbox;
        this.access = access;
        this.clock = clock;
    }

    /** Creates the account with its Sandbox project, and announces it. */
    @WithTransaction
    public Uni<AccountView> create(NewAccount request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Account account = new Account();
        account.id = request.id() != null ? request.id() : Ids.next(Ids.ACCOUNT);
        account.name = request.name();
        account.ownerEmail = request.ownerEmail();
        account.plan = request.plan();
        account.createdAt = request.createdAt() != null ? request.createdAt().truncatedTo(ChronoUnit.MICROS) : now;
        account.timezone = request.timezone() != null ? request.timezone() : "UTC";
        ZoneId zone = zoneOf(account.timezone);
        account.pricingScheme = request.pricingScheme() != null ? request.pricingScheme()
                : AccountTerms.pricingSchemeFor(account.createdAt);
        account.cycleAnchorDay = request.cycleAnchorDay() != null ? request.cycleAnchorDay()
                : AccountTerms.cycleAnchorDayFor(account.createdAt, zone);
        account.updatedAt = now;

        Project sandbox = new Project();
        sandbox.id = Ids.next(Ids.PROJECT);
        sandbox.accountId = account.id;
        sandbox.name = Project.SANDBOX_NAME;
        sandbox.sandbox = true;
        sandbox.createdAt = now;

        return Account.<Account>findById(account.id)
                .invoke(existing -> {
                    if (existing != null) {
                        throw Problems.conflict("account " + account.id + " already exists");
                    }
                })
                .chain(() -> account.persist())
                .chain(() -> sandbox.persist())
                .chain(() -> announce(account, List.of(sandbox)))
                .map(ignored -> AccountView.of(account, limitsOf(account), List.of(sandbox)));
    }

    /** The account, for its owner or the operator. */
    @WithSession
    public Uni<AccountView> get(String id) {
        return Account.<Account>findById(id)
                .invoke(account -> {
                    if (account == null) {
                        throw Problems.notFound("account", id);
                    }
                    access.requireAccountOwner(account.id, "account", id);
                })
                .chain(account -> Project.ofAccount(id).map(projects -> AccountView.of(account, limitsOf(account),
                        projects)));
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

    private PlanLimits limitsOf(Account account) {
        return catalog.limitsOf(account.plan);
    }

    private static ZoneId zoneOf(String timezone) {
        try {
            return ZoneId.of(timezone);
        } catch (DateTimeException e) {
            throw Problems.invalid("timezone", "is not an IANA time zone");
        }
    }
}
