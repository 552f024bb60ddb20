package io.headroom.quota.webhook;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.outbound.OutboundConfig;
import io.headroom.common.outbound.OutboundUrl;
import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.quota.ratelimit.PolicyLoader;
import io.headroom.quota.ratelimit.ProjectPolicy;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Where a project's webhook calls go: a project setting, so the owner's or a project admin's
 * (spec/conventions.md). The URL is checked when it is set and again, after DNS, on every delivery.
 */
@ApplicationScoped
public class WebhookTargets {

    private final PolicyLoader policies;
    private final Access access;
    private final Clock clock;
    private final boolean allowPrivate;

    public WebhookTargets(PolicyLoader policies, Access access, Clock clock, OutboundConfig outbound) {
        this.policies = policies;
        this.access = access;
        this.clock = clock;
        this.allowPrivate = outbound.allowPrivateAddresses();
    }

    @WithTransaction
    public Uni<WebhookViews.Target> set(String projectId, WebhookViews.TargetRequest request) {
        URI url = OutboundUrl.parse("url", request.url(), allowPrivate);
        Instant now = clock.instant();
        return administered(projectId).chain(policy -> Panache.getSession().chain(s -> s.createNativeQuery(
                "insert into webhook_target (project_id, url, updated_at, updated_by) values (:project, :url, :now,"
                        + " :by) on conflict (project_id) do update set url = excluded.url,"
                        + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .setParameter("project", projectId).setParameter("url", url.toString()).setParameter("now", now)
                .setParameter("by", access.caller().subject())
                .executeUpdate()))
                .map(ignored -> new WebhookViews.Target(projectId, url.toString(), now));
    }

    @WithTransaction
    public Uni<WebhookViews.Target> get(String projectId) {
        return administered(projectId).chain(policy -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select url, updated_at from webhook_target where project_id = :project", Object[].class)
                .setParameter("project", projectId).getSingleResultOrNull()))
                .map(row -> {
                    if (row == null) {
                        throw Problems.notFound("webhook target of project", projectId);
                    }
                    return new WebhookViews.Target(projectId, (String) row[0], WebhookCalls.instant(row[1]));
                });
    }

    @WithTransaction
    public Uni<Void> delete(String projectId) {
        return administered(projectId).chain(policy -> Panache.getSession().chain(s -> s.createNativeQuery(
                "delete from webhook_target where project_id = :project").setParameter("project", projectId)
                .executeUpdate()))
                .invoke(deleted -> {
                    if (deleted == 0) {
                        throw Problems.notFound("webhook target of project", projectId);
                    }
                })
                .replaceWithVoid();
    }

    private Uni<ProjectPolicy> administered(String projectId) {
        return policies.load(projectId)
                .onItem().ifNull().failWith(() -> Problems.notFound("project", projectId))
                .invoke(policy -> access.requireProjectAdmin(policy.accountId(), projectId));
    }
}
