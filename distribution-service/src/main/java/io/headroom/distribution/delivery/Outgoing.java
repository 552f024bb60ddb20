package io.headroom.distribution.delivery;

import io.headroom.distribution.send.Channel;

/** A message taken for its attempt number {@code attempt}, with what its channel needs to send it. */
public record Outgoing(String id, String distributionId, Channel channel, String recipient, String subject,
        String body, String webhookUrl, int attempt) {
}
