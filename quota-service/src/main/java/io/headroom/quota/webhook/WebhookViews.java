package io.headroom.quota.webhook;

import java.time.Instant;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.headroom.common.ratelimit.RateLimitStatus;

/** The webhook inbox's requests and answers (spec/quota-service.md §5). */
public final class WebhookViews {

    private WebhookViews() {
    }

    /** {@code PUT .../webhook-target}. */
    public record TargetRequest(@NotNull String url) {
    }

    public record Target(String projectId, String url, Instant updatedAt) {
    }

    /** {@code POST .../webhook-calls}: who sent it and what, any JSON of at most 256 KiB. */
    public record NewCall(@NotBlank @Size(max = 200) String source, @NotNull JsonNode payload) {
    }

    /** The 202 body. */
    public record Accepted(String id, String status) {
    }

    /** An accepted call and where its caller stands in the day's bucket (null when unlimited). */
    public record Admission(Accepted answer, RateLimitStatus bucket) {
    }

    /** {@code GET .../webhook-calls/{callId}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Call(String id, String projectId, String source, String status, int attempts, Instant acceptedAt,
            Instant lastAttemptAt, Integer lastStatus, String lastError, Instant nextAttemptAt, Instant finishedAt) {
    }
}
