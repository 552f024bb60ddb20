package io.headroom.notification.account;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.headroom.common.event.AccountChanged;
import io.headroom.common.inbox.StateProjection;
import io.headroom.common.problem.Problems;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@code account.changed} to the projection. The event is a state: a newer one replaces
 * the projection, an older one (by {@code occurredAt}) arriving late is ignored.
 */
@ApplicationScoped
public class AccountProjector {

    private final ObjectMapper mapper;
    private final ProjectDirectory projects;

    public AccountProjector(ObjectMapper mapper, ProjectDirectory projects) {
        this.mapper = mapper;
        this.projects = projects;
    }

    /** Runs inside the consumer's transaction; the account's row is locked until it ends. */
    public Uni<Void> apply(AccountChanged event) {
        return StateProjection.applyNewest(
                AccountProjection.<AccountProjection>findById(event.accountId(), LockModeType.PESSIMISTIC_WRITE),
                () -> AccountProjection.empty(event.accountId()), event.occurredAt(),
                projection -> projection.apply(event, projectsJson(event)))
                .chain(applied -> applied ? projects.replace(event.accountId(),
                        event.projects() == null ? List.of() : event.projects()) : Uni.createFrom().voidItem());
    }

    @WithSession
    public Uni<AccountProjection.View> get(String accountId) {
        return AccountProjection.<AccountProjection>findById(accountId).map(projection -> {
            if (projection == null) {
                throw Problems.notFound("account", accountId);
            }
            return projection.view();
        });
    }

    private String projectsJson(AccountChanged event) {
        try {
            return mapper.writeValueAsString(event.projects() == null ? List.of() : event.projects());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
