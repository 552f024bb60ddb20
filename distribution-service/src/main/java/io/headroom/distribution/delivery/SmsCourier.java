package io.headroom.distribution.delivery;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.headroom.common.outbound.OutboundHttp;
import io.headroom.distribution.config.DistributionConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * An SMS: a JSON POST ({@code {to, body, messageId}}) to the configured HTTP gateway
 * ({@code headroom.sms.gateway-url}), with {@code Authorization: Bearer} when a key is set and
 * the message id as {@code Idempotency-Key}. The gateway is the operator's, so it may live on a
 * private address.
 */
@ApplicationScoped
public class SmsCourier implements Courier {

    private final OutboundHttp http;
    private final DistributionConfig.Sms config;

    public SmsCourier(OutboundHttp http, DistributionConfig config) {
        this.http = http;
        this.config = config.sms();
    }

    @Override
    public Uni<Attempt> deliver(Outgoing message) {
        if (config.gatewayUrl().isEmpty()) {
            return Uni.createFrom().item(Attempt.retry("no SMS gateway is configured"));
        }
        Map<String, String> headers = new HashMap<>(WebhookCourier.Headers.json(message));
        config.gatewayKey().ifPresent(key -> headers.put("Authorization", "Bearer " + key));
        JsonObject payload = new JsonObject().put("to", message.recipient()).put("body", message.body())
                .put("messageId", message.id());
        return http.postToOperatorUrl(config.gatewayUrl().get(), headers, Buffer.buffer(payload.encode()))
                .map(SmsCourier::attempt);
    }

    /** As {@link Attempt#of}, except that a refused key (401, 403) is the operator's to fix: tried again meanwhile. */
    static Attempt attempt(OutboundHttp.Result result) {
        if (result.status() == 401 || result.status() == 403) {
            return Attempt.retry("the SMS gateway refused this installation's key (" + result.status() + ")");
        }
        return Attempt.of(result);
    }
}
