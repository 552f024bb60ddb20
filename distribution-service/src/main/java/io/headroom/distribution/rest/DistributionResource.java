package io.headroom.distribution.rest;

import java.net.URI;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.headroom.common.ratelimit.RateLimitHeaders;
import io.headroom.common.security.Roles;
import io.headroom.distribution.send.DistributionReader;
import io.headroom.distribution.send.DistributionRequest;
import io.headroom.distribution.send.DistributionService;
import io.headroom.distribution.send.DistributionView;
import io.smallrye.mutiny.Uni;

/** Sending distributions and reading them (spec/distribution-service.md §3). */
@Path("/v1/projects/{projectId}/distributions")
public class DistributionResource {

    private final DistributionService sending;
    private final DistributionReader reading;

    public DistributionResource(DistributionService sending, DistributionReader reading) {
        this.sending = sending;
        this.reading = reading;
    }

    /**
     * 202 {@code {id, messages, status: queued}} with the binding period's rate-limit headers; a
     * distribution that does not fit whole is a 429 {@code distribution_messages} and counts nothing.
     */
    @POST
    @RolesAllowed({ Roles.OWNER, Roles.MEMBER, Roles.GATEWAY })
    public Uni<Response> send(@PathParam("projectId") String projectId,
            @HeaderParam("Idempotency-Key") String idempotencyKey, DistributionRequest request) {
        return sending.send(projectId, idempotencyKey, request).map(accepted -> {
            Response.ResponseBuilder response = Response.accepted(accepted.body())
                    .location(URI.create("/v1/projects/" + projectId + "/distributions/" + accepted.id()));
            if (accepted.rateLimit() != null) {
                RateLimitHeaders.write(accepted.rateLimit(), response::header);
            }
            return response.build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({ Roles.OWNER, Roles.MEMBER, Roles.GATEWAY, Roles.PLATFORM_ADMIN })
    public Uni<DistributionView> distribution(@PathParam("projectId") String projectId, @PathParam("id") String id) {
        return reading.distribution(projectId, id);
    }
}
