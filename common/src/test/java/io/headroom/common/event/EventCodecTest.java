package io.headroom.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.vertx.core.json.JsonObject;

class EventCodecTest {

    private final EventCodec codec = new EventCodec(new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    private final AccountChanged event = AccountChanged.of(Instant.parse("2026-11-21T10:15:00Z"), "acc_1", "Acme",
            "o@acme.test", "business", "current", Instant.parse("2026-01-01T00:00:00Z"), "UTC", 1,
            new AccountChanged.PlanLimits(100, 1_000, 144_000),
            List.of(new AccountChanged.ProjectRef("prj_1", "Sandbox", true)));

    @Test
    void anEventSurvivesTheRoundTripInEveryShapeTheConnectorDelivers() {
        String json = codec.encode(event);

        assertThat(json).contains("\"occurredAt\":\"2026-11-21T10:15:00Z\"", "\"schemaVersion\":1");
        assertThat(codec.decode(json, AccountChanged.class, 1)).isEqualTo(event);
        assertThat(codec.decode(new JsonObject(json), AccountChanged.class, 1)).isEqualTo(event);
        assertThat(codec.decode(json.getBytes(StandardCharsets.UTF_8), AccountChanged.class, 1)).isEqualTo(event);
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = codec.encode(event).replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(codec.decode(json, AccountChanged.class, 1).accountId()).isEqualTo("acc_1");
    }

    @Test
    void aNewerSchemaVersionIsRefusedNotGuessed() {
        String json = codec.encode(event).replace("\"schemaVersion\":1", "\"schemaVersion\":2");

        assertThatThrownBy(() -> codec.decode(json, AccountChanged.class, 1))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("schemaVersion 2");
    }

    @Test
    void garbageAndIncompleteEventsAreUnreadable() {
        assertThatThrownBy(() -> codec.decode("not json", AccountChanged.class, 1))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> codec.decode("[1]", AccountChanged.class, 1))
                .isInstanceOf(UnreadableEventException.class);
        assertThatThrownBy(() -> codec.decode("{\"accountId\":\"acc_1\"}", AccountChanged.class, 1))
                .isInstanceOf(UnreadableEventException.class).hasMessageContaining("schemaVersion");
        assertThatThrownBy(() -> codec.decode("{\"schemaVersion\":1,\"accountId\":\"acc_1\"}",
                AccountChanged.class, 1)).isInstanceOf(UnreadableEventException.class)
                .hasMessageContaining("eventId");
        assertThatThrownBy(() -> codec.decode(42, AccountChanged.class, 1))
                .isInstanceOf(UnreadableEventException.class);
    }
}
