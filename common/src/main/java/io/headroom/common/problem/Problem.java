package io.headroom.common.problem;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem detail: the standard members plus extension members such as
 * {@code errors}, {@code quota}, {@code limit} and {@code usage}. Immutable once built.
 */
public final class Problem {

    private final ProblemType type;
    private final int status;
    private final String title;
    private final String detail;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    private Problem(ProblemType type, int status, String title, String detail, Map<String, Object> extensions,
            Map<String, String> headers) {
        this.type = type;
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.extensions = Collections.unmodifiableMap(extensions);
        this.headers = Collections.unmodifiableMap(headers);
    }

    public static Builder of(ProblemType type) {
        return new Builder(type, type.status(), type.title());
    }

    /** A plain HTTP error with {@code about:blank} as its type and the status phrase as title. */
    public static Builder http(int status, String title) {
        return new Builder(ProblemType.HTTP, status, title);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Response headers that belong to this problem (e.g. {@code Allow}, {@code Retry-After}). */
    public Map<String, String> headers() {
        return headers;
    }

    /** The JSON body, members in the order of the RFC. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri());
        body.put("title", title);
        body.put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        if (instance != null) {
            body.put("instance", instance);
        }
        body.putAll(extensions);
        return body;
    }

    /** A field that failed validation, as listed in a {@code validation} problem's {@code errors}. */
    public record FieldError(String field, String message) {
    }

    public static final class Builder {
        private final ProblemType type;
        private final int status;
        private final String title;
        private String detail;
        private final Map<String, Object> extensions = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();

        private Builder(ProblemType type, int status, String title) {
            this.type = type;
            this.status = status;
            this.title = title;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder with(String member, Object value) {
            extensions.put(member, value);
            return this;
        }

        public Builder errors(List<FieldError> errors) {
            return with("errors", List.copyOf(errors));
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Problem build() {
            return new Problem(type, status, title, detail, extensions, headers);
        }

        public ProblemException exception() {
            return new ProblemException(build());
        }
    }
}
