package io.headroom.notification.inbox;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * An in-app notification as the inbox and the stream show it; {@code readAt} is the reader's own.
 * {@code email} tells what became of its e-mail (null when it has none, and on the stream, which
 * carries a notification the moment it is created, before any attempt).
 */
public record NotificationView(String id, String kind, String accountId, String projectId, String title,
        String message, JsonNode details, Instant createdAt, boolean read, Instant readAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Email email) {

    /** {@code pending}, {@code sent} or {@code failed}, after {@code attempts}, with the last error. */
    public record Email(String state, int attempts, String lastError, Instant sentAt) {
    }
}
