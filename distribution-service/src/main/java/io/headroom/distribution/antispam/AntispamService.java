package io.headroom.distribution.antispam;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import io.headroom.common.event.AntispamDecided;
import io.headroom.common.outbox.Outbox;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.distribution.account.AccountProjection;
import io.headroom.distribution.limit.AntispamState;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The anti-spam check workflow (spec/distribution-service.md §1): the owner requests it
 * ({@code pending}); platform-admin decides ({@code passed} or {@code rejected}) and the decision is
 * published as {@code antispam.decided} through the outbox, in the decision's transaction; a
 * rejected account may request again. Each step locks the check's row, so concurrent requests or
 * decisions apply one after the other and the second sees the first.
 */
@ApplicationScoped
public class AntispamService {

    private final Access access;
    private final Outbox outbox;
    private final Clock clock;

    public AntispamService(Access access, Outbox outbox, Clock clock) {
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The account's check: owner or platform-admin. */
    public Uni<AntispamCheckView> get(String accountId) {
        return Panache.withSession(() -> account(accountId).chain(account -> {
            access.requireAccountOwner(accountId, "account", accountId);
            return AntispamCheck.<AntispamCheck>findById(accountId);
        })).map(check -> check == null ? AntispamCheckView.notRequested(accountId) : check.view());
    }

    /**
     * The owner asks for the check; 409 while one is pending or after it passed. The account's row
     * is locked first, so concurrent first requests (no check row to lock yet) come one after the
     * other: one is pending, the others see it.
     */
    public Uni<AntispamCheckView> request(String accountId, AntispamRequest input) {
        return Panache.withTransaction(() -> lockedAccount(accountId).chain(account -> {
            access.requireOwnerOnly(accountId, "account", accountId);
            return locked(accountId);
        }).chain(existing -> {
            AntispamRequest request = AntispamRequest.validated(input);
            AntispamState state = existing == null ? AntispamState.NOT_REQUESTED : existing.antispamState();
            if (!state.mayRequest()) {
                throw Problems.conflict(state == AntispamState.PENDING
                        ? "an anti-spam check is already pending for this account"
                        : "this account already passed the anti-spam check");
            }
            AntispamCheck check = existing == null ? fresh(accountId) : existing;
            check.request(request, access.caller().subject(), now());
            Uni<?> saved = existing == null ? check.persist() : Uni.createFrom().voidItem();
            return saved.replaceWith(check);
        })).map(AntispamCheck::view);
    }

    /** Platform-admin decides a pending check; 409 when none is pending. */
    public Uni<AntispamCheckView> decide(String accountId, AntispamDecision input) {
        AntispamState decision = AntispamDecision.validated(input);
        return Panache.withTransaction(() -> account(accountId).chain(account -> locked(accountId)).chain(check -> {
            if (check == null || check.antispamState() != AntispamState.PENDING) {
                throw Problems.conflict("no anti-spam check is pending for this account (it is "
                        + (check == null ? AntispamState.NOT_REQUESTED : check.antispamState()).wire() + ")");
            }
            Instant now = now();
            check.decide(decision, input.reason(), access.caller().subject(), now);
            return outbox.add(new AntispamDecided(UUID.randomUUID().toString(), AntispamDecided.SCHEMA_VERSION, now,
                    accountId, decision.wire(), input.reason())).replaceWith(check);
        })).map(AntispamCheck::view);
    }

    private static Uni<AccountProjection> account(String accountId) {
        return AccountProjection.<AccountProjection>findById(accountId).map(account -> {
            if (account == null) {
                throw Problems.notFound("account", accountId);
            }
            return account;
        });
    }

    private static Uni<AccountProjection> lockedAccount(String accountId) {
        return AccountProjection.<AccountProjection>findById(accountId, LockModeType.PESSIMISTIC_WRITE)
                .map(account -> {
                    if (account == null) {
                        throw Problems.notFound("account", accountId);
                    }
                    return account;
                });
    }

    private static Uni<AntispamCheck> locked(String accountId) {
        return AntispamCheck.<AntispamCheck>findById(accountId, LockModeType.PESSIMISTIC_WRITE);
    }

    private static AntispamCheck fresh(String accountId) {
        AntispamCheck check = new AntispamCheck();
        check.accountId = accountId;
        return check;
    }

    private Instant now() {
        return clock.instant();
    }
}
