package io.headroom.quota.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.jboss.resteasy.reactive.RestResponse;

import io.headroom.common.problem.Problems;
import io.headroom.common.ratelimit.ManagementLimitExempt;
import io.headroom.common.ratelimit.RateLimitHeaders;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.common.security.Roles;
import io.headroom.quota.config.Enforcement;
import io.headroom.quota.ratelimit.CheckKind;
import io.headroom.quota.ratelimit.ClientIp;
import io.headroom.quota.ratelimit.Decision;
import io.headroom.quota.ratelimit.RateLimiter;
import io.smallrye.mutiny.Uni;

/**
 * {@code POST /v1/checks}, the hot path (spec/quota-service.md §3): the gateway asks once per
 * incoming request and forwards the answer's headers to its client. 200 allowed, 429 refused.
 */
@Path("/v1/checks")
@ManagementLimitExempt
public class CheckResource {

    private final RateLimiter limiter;

    public CheckResource(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** The body: which project, what kind of call, from which client IP, weighing how much. */
    public record CheckRequest(@NotBlank @Size(max = 100) String projectId, @NotNull CheckKind kind,
            @Size(max = 64) String clientIp, @Min(1) @Max(1_000) Long cost) {
    }

    @POST
    @RolesAllowed({Roles.GATEWAY, Roles.PLATFORM_ADMIN})
    public Uni<RestResponse<CheckAnswer>> check(@Valid @NotNull CheckRequest request) {
        String clientIp = null;
        if (request.kind() == CheckKind.CLIENT || request.clientIp() != null) {
            clientIp = ClientIp.canonical(request.clientIp());
            if (clientIp == null) {
                throw Problems.invalid("clientIp", request.clientIp() == null
                        ? "is required for kind client" : "must be an IPv4 or IPv6 address");
            }
        }
        long cost = request.cost() == null ? 1 : request.cost();
        return limiter.check(request.projectId(), request.kind(), clientIp, cost).map(CheckResource::answer);
    }

    private static RestResponse<CheckAnswer> answer(Decision decision) {
        RateLimitStatus status = decision.status();
        RestResponse.ResponseBuilder<CheckAnswer> response = RestResponse.ResponseBuilder
                .<CheckAnswer>create(decision.allowed() ? RestResponse.Status.OK : RestResponse.Status.TOO_MANY_REQUESTS)
                .entity(CheckAnswer.of(decision, status));
        if (status != null) {
            RateLimitHeaders.write(status, response::header);
        }
        if (!decision.enforced()) {
            response.header(Enforcement.HEADER, "false");
        }
        return response.build();
    }
}
