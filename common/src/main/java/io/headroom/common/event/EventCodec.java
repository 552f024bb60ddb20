package io.headroom.common.event;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * Turns events into JSON and back. The RabbitMQ connector hands a consumer an
 * {@code application/json} body as a Vert.x {@link JsonObject}, other bodies as {@code byte[]}
 * or {@code String}: {@link #decode} accepts each of them.
 */
@ApplicationScoped
public class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String encode(Event event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /**
     * Reads {@code payload} as an event of {@code type}, whose newest readable schema version is
     * the type's {@code SCHEMA_VERSION}.
     *
     * @throws UnreadableEventException when the payload is not such an event
     */
    public <E extends Event> E decode(Object payload, Class<E> type, int readableSchemaVersion) {
        JsonNode tree = toTree(payload);
        if (!tree.isObject()) {
            throw new UnreadableEventException("not a JSON object");
        }
        JsonNode version = tree.get("schemaVersion");
        if (version == null || !version.canConvertToInt() || version.asInt() < 1) {
            throw new UnreadableEventException("missing schemaVersion");
        }
        if (version.asInt() > readableSchemaVersion) {
            throw new UnreadableEventException(
                    "schemaVersion " + version.asInt() + " of " + type.getSimpleName() + " is not readable here");
        }
        E event;
        try {
            event = mapper.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableEventException("not a " + type.getSimpleName(), e);
        }
        if (event.eventId() == null || event.eventId().isBlank() || event.occurredAt() == null) {
            throw new UnreadableEventException("missing eventId or occurredAt");
        }
        return event;
    }

    private JsonNode toTree(Object payload) {
        try {
            if (payload instanceof JsonObject json) {
                return mapper.valueToTree(json.getMap());
            }
            if (payload instanceof Map<?, ?> map) {
                return mapper.valueToTree(map);
            }
            if (payload instanceof byte[] bytes) {
                return mapper.readTree(new String(bytes, StandardCharsets.UTF_8));
            }
            if (payload instanceof Buffer buffer) {
                return mapper.readTree(buffer.toString(StandardCharsets.UTF_8));
            }
            if (payload instanceof String text) {
                return mapper.readTree(text);
            }
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableEventException("not JSON", e);
        }
        throw new UnreadableEventException("unexpected payload type "
                + (payload == null ? "null" : payload.getClass().getSimpleName()));
    }
}
