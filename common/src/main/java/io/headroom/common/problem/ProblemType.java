package io.headroom.common.problem;

/**
 * The problem types of spec/conventions.md. Each answers with one HTTP status and a stable
 * {@code type} URI; {@link #HTTP} stands for the plain HTTP errors that need no type of their own
 * (405, 406, 415: RFC 9457's {@code about:blank}).
 */
public enum ProblemType {
    VALIDATION("validation", 400, "Validation failed"),
    UNAUTHORIZED("unauthorized", 401, "Unauthorized"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    NOT_FOUND("not-found", 404, "Not found"),
    CONFLICT("conflict", 409, "Conflict"),
    QUOTA_EXCEEDED("quota-exceeded", 403, "Quota exceeded"),
    RATE_LIMITED("rate-limited", 429, "Too many requests"),
    FEATURE_DISABLED("feature-disabled", 403, "Feature disabled"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNAVAILABLE("unavailable", 503, "Service unavailable"),
    INTERNAL("internal", 500, "Internal error"),
    HTTP(null, 0, null);

    public static final String BASE_URI = "https://headroom.dev/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return slug == null ? "about:blank" : BASE_URI + slug;
    }

    /** The short name used in metrics and logs. */
    public String slug() {
        return slug == null ? "http" : slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
