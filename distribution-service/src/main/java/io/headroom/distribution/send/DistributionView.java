package io.headroom.distribution.send;

import java.time.Instant;
import java.util.List;

/** {@code GET /v1/projects/{projectId}/distributions/{id}}: the distribution and the state of each message. */
public record DistributionView(String id, String projectId, String channel, String subject, String body,
        String webhookUrl, int messageCount, String createdBy, Instant createdAt, States states,
        List<MessageView> messages) {

    /** How many messages are in each state. */
    public record States(long queued, long sent, long failed) {
    }

    /** One recipient's message: {@code queued}, {@code sent} or {@code failed}, with its attempts and last error. */
    public record MessageView(String id, String recipient, String state, int attempts, String lastError,
            Instant sentAt, Instant nextAttemptAt) {
    }
}
