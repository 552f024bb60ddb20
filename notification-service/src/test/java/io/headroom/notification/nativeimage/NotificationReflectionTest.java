package io.headroom.notification.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.headroom.common.nativeimage.CommonReflection;
import io.headroom.common.page.Page;
import io.headroom.common.testing.JsonBindings;
import io.headroom.notification.inbox.NotificationView;
import io.headroom.notification.rule.Metric;
import io.headroom.notification.rule.NotificationSettings;
import io.headroom.notification.rule.Rule;
import io.headroom.notification.settings.SettingsInput;

/**
 * Every type notification-service binds to JSON is registered for reflection
 * (NotificationReflection, or CommonReflection for the shared ones), so that the native executable
 * can read and write it. No Quarkus boot: reflection on target/classes.
 */
class NotificationReflectionTest {

    @Test
    void everyTypeBoundToJsonIsRegisteredForReflection() {
        List<Class<?>> classes = JsonBindings.moduleClasses(NotificationReflection.class);
        Set<Class<?>> bound = JsonBindings.jsonBound(classes, List.of(
                // SettingsStore writes it with the ObjectMapper and reads it back
                NotificationSettings.class));
        List<Class<?>> annotated = new ArrayList<>(classes);
        annotated.add(CommonReflection.class);
        annotated.addAll(bound);

        assertThat(bound).as("the scan of target/classes").contains(NotificationView.class,
                NotificationView.Email.class, SettingsInput.InAppInput.class, Rule.Email.class, Metric.class,
                NotificationSettings.class, Page.class);
        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(annotated)))
                .as("JSON-bound types missing from NotificationReflection (or CommonReflection)").isEmpty();
    }
}
