package io.headroom.distribution.send;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.headroom.common.outbound.OutboundUrl;
import io.headroom.common.problem.FieldErrors;
import io.headroom.common.problem.ProblemException;

/**
 * The body of {@code POST /v1/projects/{projectId}/distributions} (spec/distribution-service.md §3).
 *
 * @param webhookUrl only for the webhook channel, where it is required
 */
public record DistributionRequest(String channel, List<String> recipients, String subject, String body,
        String webhookUrl) {

    public static final int MAX_RECIPIENTS = 1_000;
    public static final int MAX_TEXT = 1_000;

    /** A request that passed {@link #validated}: the channel known, every recipient of its form. */
    public record Valid(Channel channel, List<String> recipients, String subject, String body, String webhookUrl) {
    }

    /**
     * The request, checked: the channel; 1 to 1,000 recipients, each of the channel's form, none
     * twice (e-mail addresses compared without case); a body and, for e-mail, a subject of at most
     * 1,000 characters; a {@code webhookUrl} for webhooks only. Otherwise one 400 naming every field.
     *
     * @param allowPrivate whether the webhook URL may point to a private address
     */
    public static Valid validated(DistributionRequest input, boolean allowPrivate) {
        FieldErrors errors = new FieldErrors();
        if (input == null) {
            errors.add("body", "is required");
            errors.throwIfAny();
        }
        Channel channel = Channel.ofWire(input.channel());
        if (channel == null) {
            errors.add("channel", input.channel() == null ? "is required" : "must be email, sms or webhook");
        }
        recipients(input.recipients(), channel, errors);
        if (channel == Channel.EMAIL && (input.subject() == null || input.subject().isBlank())) {
            errors.add("subject", "is required for e-mail");
        }
        if (input.subject() != null && input.subject().length() > MAX_TEXT) {
            errors.add("subject", "must be at most 1,000 characters");
        }
        if (input.body() == null || input.body().isBlank()) {
            errors.add("body", "is required");
        } else if (input.body().length() > MAX_TEXT) {
            errors.add("body", "must be at most 1,000 characters");
        }
        if (channel == Channel.WEBHOOK) {
            try {
                OutboundUrl.parse("webhookUrl", input.webhookUrl(), allowPrivate);
            } catch (ProblemException invalid) {
                errors.add("webhookUrl", input.webhookUrl() == null ? "is required for the webhook channel"
                        : "must be a public http or https URL of at most 2,000 characters");
            }
        } else if (input.webhookUrl() != null) {
            errors.add("webhookUrl", "is only for the webhook channel");
        }
        errors.throwIfAny();
        return new Valid(channel, List.copyOf(input.recipients()), input.subject(), input.body(),
                input.webhookUrl());
    }

    private static void recipients(List<String> recipients, Channel channel, FieldErrors errors) {
        if (recipients == null || recipients.isEmpty()) {
            errors.add("recipients", "must name at least one recipient");
            return;
        }
        if (recipients.size() > MAX_RECIPIENTS) {
            errors.add("recipients", "must name at most 1,000 recipients");
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        int reported = 0;
        for (int i = 0; i < recipients.size() && reported < 20; i++) {
            String recipient = recipients.get(i);
            if (channel != null && !channel.accepts(recipient)) {
                errors.add("recipients[" + i + "]", "must be " + channel.recipientForm());
                reported++;
                continue;
            }
            String key = channel == Channel.EMAIL ? recipient.toLowerCase(Locale.ROOT) : recipient;
            Integer first = seen.putIfAbsent(key, i);
            if (first != null) {
                errors.add("recipients[" + i + "]", "repeats recipients[" + first + "]");
                reported++;
            }
        }
    }
}
