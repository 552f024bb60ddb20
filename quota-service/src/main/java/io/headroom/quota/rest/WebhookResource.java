package io.headroom.quota.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.ratelimit.RateLimitHeaders;
import io.headroom.common.security.Roles;
import io.headroom.quota.webhook.WebhookInbox;
import io.headroom.quota.webhook.WebhookTargets;
import io.headroom.quota.webhook.WebhookViews;
import io.smallrye.mutiny.Uni;

/** The webhook inbox (spec/quota-service.md §5): a project's target, incoming calls and their state. */
@Path("/v1/projects/{id}")
public class WebhookResource {

    private final WebhookTargets targets;
    private final WebhookInbox inbox;

    public WebhookResource(WebhookTargets targets, WebhookInbox inbox) {
        this.targets = targets;
        this.inbox = inbox;
    }

    @PUT
    @Path("/webhook-target")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<WebhookViews.Target> setTarget(@PathParam("id") String projectId,
            @Valid @NotNull WebhookViews.TargetRequest request) {
        return targets.set(projectId, request);
    }

    @GET
    @Path("/webhook-target")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<WebhookViews.Target> target(@PathParam("id") String projectId) {
        return targets.get(projectId);
    }

    @DELETE
    @Path("/webhook-target")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.PLATFORM_ADMIN})
    public Uni<RestResponse<Void>> deleteTarget(@PathParam("id") String projectId) {
        return targets.delete(projectId).map(ignored -> RestResponse.noContent());
    }

    /** The gateway's path (the gateway is not counted by the management limit; the day's bucket is its limit). */
    @POST
    @Path("/webhook-calls")
    @RolesAllowed({Roles.GATEWAY, Roles.PLATFORM_ADMIN})
    public Uni<RestResponse<WebhookViews.Accepted>> accept(@PathParam("id") String projectId,
            @Valid @NotNull WebhookViews.NewCall request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return inbox.accept(projectId, request, idempotencyKey).map(admission -> {
            RestResponse.ResponseBuilder<WebhookViews.Accepted> response = RestResponse.ResponseBuilder
                    .<WebhookViews.Accepted>create(RestResponse.Status.ACCEPTED).entity(admission.answer());
            if (admission.bucket() != null) {
                RateLimitHeaders.write(admission.bucket(), response::header);
            }
            return response.build();
        });
    }

    @GET
    @Path("/webhook-calls/{callId}")
    @RolesAllowed({Roles.OWNER, Roles.MEMBER, Roles.GATEWAY, Roles.PLATFORM_ADMIN})
    public Uni<WebhookViews.Call> call(@PathParam("id") String projectId, @PathParam("callId") String callId) {
        return inbox.call(projectId, callId);
    }
}
