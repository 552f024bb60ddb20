package io.headroom.common.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.Event;
import io.headroom.common.testing.JsonBindings;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * The check itself: what counts as bound to JSON, and that a registration missing one type is
 * reported. (This package stays out of the test-jar, so its resource never reaches a service.)
 */
class JsonBindingsTest {

    public enum Kind {
        SMALL, LARGE
    }

    public record Item(String name, Kind kind) {
    }

    public record Detail(int level) {
    }

    public record View(List<Item> items, Map<String, Detail[]> details) {
    }

    public record Input(String name) {
    }

    public record NotBound(String name) {
    }

    @Path("/fixture")
    public static class Resource {

        @GET
        public Uni<View> get() {
            return null;
        }

        @POST
        @Path("/{name}")
        public View post(Input input) {
            return null;
        }

        /** Not a resource method: its types are not bound. */
        public NotBound helper(NotBound value) {
            return value;
        }
    }

    public record Ping(String eventId, int schemaVersion, Instant occurredAt) implements Event {

        @Override
        public String routingKey() {
            return "ping";
        }
    }

    @RegisterForReflection(ignoreNested = true,
            targets = {View.class, Item.class, Kind.class, Detail.class, Input.class})
    static class Complete {
    }

    @RegisterForReflection(ignoreNested = true, targets = {View.class, Kind.class, Detail.class, Input.class})
    static class MissingItem {
    }

    /** Without ignoreNested, a target's nested classes are registered with it (as Quarkus does). */
    @RegisterForReflection(targets = JsonBindingsTest.class)
    static class Outer {
    }

    @Test
    void resourceMethodsBindTheirTypesAndWhatTheyContain() {
        assertThat(JsonBindings.jsonBound(List.of(Resource.class), List.of()))
                .containsExactlyInAnyOrder(View.class, Item.class, Kind.class, Detail.class, Input.class);
    }

    @Test
    void eventsAndTypesHandedToTheMapperAreBound() {
        assertThat(JsonBindings.jsonBound(List.of(Ping.class, NotBound.class), List.of(Item.class)))
                .containsExactlyInAnyOrder(Ping.class, Item.class, Kind.class);
    }

    @Test
    void aRegistrationMissingOneTypeIsReported() {
        Set<Class<?>> bound = JsonBindings.jsonBound(List.of(Resource.class), List.of());

        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(List.of(Complete.class)))).isEmpty();
        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(List.of(MissingItem.class))))
                .containsExactly(Item.class.getName());
        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(List.of())))
                .hasSize(5);
    }

    @Test
    void registrationsFollowQuarkusRules() {
        assertThat(JsonBindings.registered(List.of(Complete.class))).doesNotContain(Complete.class);
        assertThat(JsonBindings.registered(List.of(Outer.class))).contains(JsonBindingsTest.class, View.class,
                Item.class, Resource.class);
        assertThat(JsonBindings.registered(List.of(SelfRegistered.class))).containsExactly(SelfRegistered.class);
    }

    @RegisterForReflection(ignoreNested = true)
    static class SelfRegistered {
    }
}
