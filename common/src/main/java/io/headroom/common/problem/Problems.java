package io.headroom.common.problem;

import java.util.List;

import io.headroom.common.ratelimit.RateLimitHeaders;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.smallrye.mutiny.Uni;

/** Factory of the problems the services throw, named after what went wrong. */
public final class Problems {

    private Problems() {
    }

    public static ProblemException notFound(String what, String id) {
        return Problem.of(ProblemType.NOT_FOUND).detail(what + " " + id + " does not exist").exception();
    }

    public static ProblemException forbidden(String detail) {
        return Problem.of(ProblemType.FORBIDDEN).detail(detail).exception();
    }

    public static ProblemException conflict(String detail) {
        return Problem.of(ProblemType.CONFLICT).detail(detail).exception();
    }

    /** Fails with 409 when {@code lookup} finds an object: a client-chosen id that is taken. */
    public static <T> Uni<Void> requireAbsent(Uni<T> lookup, String what, String id) {
        return lookup.invoke(existing -> {
            if (existing != null) {
                throw conflict(what + " " + id + " already exists");
            }
        }).replaceWithVoid();
    }

    public static ProblemException invalid(String field, String message) {
        return Problem.of(ProblemType.VALIDATION).detail(field + " " + message)
                .errors(List.of(new Problem.FieldError(field, message))).exception();
    }

    public static ProblemException featureDisabled(String detail) {
        return Problem.of(ProblemType.FEATURE_DISABLED).detail(detail).exception();
    }

    public static ProblemException quotaExceeded(String quota, long limit, long usage, String detail) {
        return Problem.of(ProblemType.QUOTA_EXCEEDED).detail(detail)
                .with("quota", quota).with("limit", limit).with("usage", usage).exception();
    }

    public static ProblemException unavailable(String detail, long retryAfterSeconds) {
        return Problem.of(ProblemType.UNAVAILABLE).detail(detail)
                .header("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))).exception();
    }

    /** 429 {@code rate-limited} with the rate-limit headers of the window that refused. */
    public static ProblemException rateLimited(RateLimitStatus status, String detail) {
        Problem.Builder problem = Problem.of(ProblemType.RATE_LIMITED).detail(detail)
                .with("limitType", status.type()).with("limit", status.limit());
        RateLimitHeaders.write(status, problem::header);
        return problem.exception();
    }
}
