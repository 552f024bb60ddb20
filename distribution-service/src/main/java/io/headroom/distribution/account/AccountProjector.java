package io.headroom.distribution.account;

import jakarta.enterprise.context.ApplicationScoped;

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

    public AccountProjector(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Runs inside the consumer's transaction. */
    public Uni<Void> apply(AccountChanged event) {
        return StateProjection.applyNewest(AccountProjection.<AccountProjection>findById(event.accountId()),
                () -> AccountProjection.empty(event.accountId()), event.occurredAt(),
                projection -> projection.apply(event, projectsJson(event)));
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
            return mapper.writeValueAsString(event.projects() == null ? java.util.List.of() : event.projects());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
