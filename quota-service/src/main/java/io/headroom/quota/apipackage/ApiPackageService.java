package io.headroom.quota.apipackage;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.id.Ids;
import io.headroom.common.page.Cursor;
import io.headroom.common.page.Page;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.account.Account;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * API packages (spec/quota-service.md §3): the billing system adds them after a purchase, the
 * operator may end one early. While valid, a package's extras add to the minute, hour and cycle
 * limits of every non-Sandbox project of the account.
 */
@ApplicationScoped
public class ApiPackageService {

    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final Access access;
    private final Clock clock;

    public ApiPackageService(Access access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    @WithTransaction
    public Uni<ApiPackageView> create(String accountId, NewApiPackage request) {
        Instant now = now();
        ApiPackage created = new ApiPackage();
        created.id = Ids.next(Ids.API_PACKAGE);
        created.accountId = accountId;
        created.extraPerMinute = orZero(request.extraPerMinute());
        created.extraPerHour = orZero(request.extraPerHour());
        created.extraPerCycle = orZero(request.extraPerCycle());
        created.validFrom = request.validFrom() != null ? request.validFrom().truncatedTo(ChronoUnit.MICROS) : now;
        created.validUntil = request.validUntil().truncatedTo(ChronoUnit.MICROS);
        created.createdAt = now;
        if (created.extraPerMinute + created.extraPerHour + created.extraPerCycle == 0) {
            throw Problems.invalid("extraPerMinute", "a package needs at least one extra above 0");
        }
        if (created.validFrom.isBefore(Instant.EPOCH)) {
            throw Problems.invalid("validFrom", "must be 1970 or later");
        }
        if (!created.validUntil.isAfter(created.validFrom)) {
            throw Problems.invalid("validUntil", "must be after validFrom");
        }
        if (created.validUntil.isAfter(LATEST)) {
            throw Problems.invalid("validUntil", "must be before the year 10000");
        }
        if (!created.validUntil.isAfter(now)) {
            throw Problems.invalid("validUntil", "must be in the future");
        }
        return account(accountId).chain(() -> created.persist()).map(ignored -> ApiPackageView.of(created, now));
    }

    @WithSession
    public Uni<Page<ApiPackageView>> list(String accountId, String limit, String cursor) {
        int size = Cursor.limit(limit);
        Cursor from = Cursor.decode(cursor);
        Instant now = clock.instant();
        return account(accountId)
                .invoke(() -> access.requireAccountOwner(accountId, "account", accountId))
                .chain(() -> ApiPackage.<ApiPackage>find(
                        "accountId = ?1 and (createdAt > ?2 or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                        accountId, from.after(), from.afterId()).page(0, size + 1).list())
                .map(rows -> Page.of(rows, size, p -> ApiPackageView.of(p, now), p -> new Cursor(p.createdAt, p.id)));
    }

    /** Ends the package now; a package already ended or expired stays as it is. */
    @WithTransaction
    public Uni<ApiPackageView> end(String accountId, String packageId) {
        Instant now = now();
        return ApiPackage.<ApiPackage>findById(packageId)
                .onItem().ifNull().failWith(() -> Problems.notFound("api package", packageId))
                .invoke(found -> {
                    if (!found.accountId.equals(accountId)) {
                        throw Problems.notFound("api package", packageId);
                    }
                    if (found.endedAt == null && now.isBefore(found.validUntil)) {
                        found.endedAt = now;
                    }
                })
                .map(found -> ApiPackageView.of(found, now));
    }

    private static Uni<Void> account(String accountId) {
        return Account.findById(accountId).onItem().ifNull().failWith(() -> Problems.notFound("account", accountId))
                .replaceWithVoid();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
