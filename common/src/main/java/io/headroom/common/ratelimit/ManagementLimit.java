package io.headroom.common.ratelimit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.headroom.common.problem.Problems;
import io.headroom.common.security.Access;
import io.headroom.common.security.Roles;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * The management APIs protect themselves (spec/conventions.md, OWASP API4): each authenticated
 * caller may make {@link ManagementLimitConfig#perMinute()} requests per minute, counted per
 * account ({@code account_id}), or per subject for callers without one. Allowed answers carry the
 * rate-limit headers; a refusal is a 429 {@code rate-limited} problem with the same headers.
 * Endpoints marked {@link ManagementLimitExempt} are not counted, nor is the gateway: the platform's
 * own back end calls for every tenant at once (checks, metering, webhook calls), so one bucket per
 * subject would throttle all tenants together, and each of those paths has limits of its own.
 * Unauthenticated requests are left to the 401 of the security layer.
 */
public class ManagementLimit {

    /** The limit type the headers name: a management call is an API call to the suite. */
    public static final String TYPE = "api_calls";
    static final long WINDOW_SECONDS = 60;
    private static final String STATUS_PROPERTY = ManagementLimit.class.getName();

    private final ManagementLimiter limiter;
    private final ManagementLimitConfig config;
    private final CurrentIdentityAssociation identities;
    /** By resource method: RESTEasy Reactive keeps one resource info per method for the application's life. */
    private final Map<SimpleResourceInfo, Boolean> exemptions = new ConcurrentHashMap<>();

    public ManagementLimit(ManagementLimiter limiter, ManagementLimitConfig config,
            CurrentIdentityAssociation identities) {
        this.limiter = limiter;
        this.config = config;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Void> count(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (config.perMinute() <= 0 || exempt(resource)) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity()
                .onFailure().recoverWithNull()
                .chain(identity -> identity == null || identity.isAnonymous() || identity.hasRole(Roles.GATEWAY)
                        ? Uni.createFrom().nullItem()
                        : limiter.take(callerKey(identity), config.perMinute(), WINDOW_SECONDS))
                .invoke(status -> {
                    if (status == null) {
                        return;
                    }
                    if (status.denied()) {
                        throw refusal(status);
                    }
                    request.setProperty(STATUS_PROPERTY, status);
                })
                .replaceWithVoid();
    }

    /** The management window's headers, unless the endpoint answered with a limit of its own, which binds more. */
    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(STATUS_PROPERTY) instanceof RateLimitStatus status
                && !response.getHeaders().containsKey(RateLimitHeaders.LIMIT)) {
            RateLimitHeaders.write(status, (name, value) -> response.getHeaders().putSingle(name, value));
        }
    }

    static String callerKey(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object account = token.getClaim(Access.ACCOUNT_ID_CLAIM);
            if (account != null) {
                return "account:" + account;
            }
        }
        return "subject:" + identity.getPrincipal().getName();
    }

    private boolean exempt(SimpleResourceInfo resource) {
        Class<?> type = resource.getResourceClass();
        if (type == null) {
            return true;
        }
        return exemptions.computeIfAbsent(resource,
                ignored -> type.isAnnotationPresent(ManagementLimitExempt.class) || isExemptMethod(type, resource));
    }

    private static boolean isExemptMethod(Class<?> type, SimpleResourceInfo resource) {
        try {
            return type.getMethod(resource.getMethodName(), resource.parameterTypes())
                    .isAnnotationPresent(ManagementLimitExempt.class);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static RuntimeException refusal(RateLimitStatus status) {
        return Problems.rateLimited(status, "more than " + status.limit() + " requests in " + status.windowSeconds()
                + " seconds; retry after " + status.retryAfterSeconds() + " s");
    }
}
