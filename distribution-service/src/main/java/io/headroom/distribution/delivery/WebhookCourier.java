package io.headroom.distribution.delivery;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.outbound.OutboundHttp;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * A webhook message: a JSON POST to the distribution's {@code webhookUrl}
 * ({@code {distributionId, messageId, recipient, subject, body}}) through the suite's outbound
 * rules (public addresses only in production, bounded time and redirects). The message id goes in
 * {@code Idempotency-Key}, so a receiver can drop the repeat of an attempt whose answer was lost.
 */
@ApplicationScoped
public class WebhookCourier implements Courier {

    private final OutboundHttp http;

    public WebhookCourier(OutboundHttp http) {
        this.http = http;
    }

    @Override
    public Uni<Attempt> deliver(Outgoing message) {
        JsonObject payload = new JsonObject().put("distributionId", message.distributionId())
                .put("messageId", message.id()).put("recipient", message.recipient())
                .put("subject", message.subject()).put("body", message.body());
        return http.post(message.webhookUrl(), Headers.json(message), Buffer.buffer(payload.encode()))
                .map(Attempt::of);
    }

    /** The headers of every HTTP message. */
    static final class Headers {

        private Headers() {
        }

        static Map<String, String> json(Outgoing message) {
            return Map.of("Content-Type", "application/json", "Idempotency-Key", message.id(),
                    "User-Agent", "Headroom-Distribution/1");
        }
    }
}
