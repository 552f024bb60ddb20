package io.headroom.common.problem;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.JsonObject;

/**
 * A request whose {@code Content-Length} is over {@code quarkus.http.limits.max-body-size} gets a
 * 413 {@code payload-too-large} problem before its body is read, instead of the HTTP layer's bare
 * 413. (A chunked body without a length that grows past the limit is still cut off by that layer.)
 */
@ApplicationScoped
public class BodyLimit {

    /** Quarkus's default body limit, 10,240 KiB, when none is configured. */
    private static final long DEFAULT_MAX = 10_240L * 1024;

    private final long maxBytes;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> max) {
        this.maxBytes = max.map(MemorySize::asLongValue).orElse(DEFAULT_MAX);
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            if (tooLong(context.request().getHeader("Content-Length"))) {
                Problem problem = Problem.of(ProblemType.PAYLOAD_TOO_LARGE)
                        .detail("the request body is larger than " + maxBytes + " bytes").build();
                context.response().setStatusCode(413)
                        .putHeader("Content-Type", ProblemType.MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(new JsonObject(problem.body(context.request().path())).encode());
                return;
            }
            context.next();
        }, 1_000);
    }

    private boolean tooLong(String contentLength) {
        if (contentLength == null) {
            return false;
        }
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
