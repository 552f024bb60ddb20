package io.headroom.quota.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.headroom.common.nativeimage.CommonReflection;
import io.headroom.common.page.Page;
import io.headroom.common.ratelimit.RateLimitStatus;
import io.headroom.common.testing.JsonBindings;
import io.headroom.quota.account.AccountView;
import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.ratelimit.CheckKind;
import io.headroom.quota.rest.CheckResource;
import io.headroom.quota.usage.UsageViews;
import io.headroom.quota.webhook.WebhookCallReady;
import io.headroom.quota.webhook.WebhookViews;

/**
 * Every type quota-service binds to JSON is registered for reflection (QuotaReflection, or
 * CommonReflection for the shared ones), so that the native executable can read and write it. No
 * Quarkus boot: reflection on target/classes.
 */
class QuotaReflectionTest {

    @Test
    void everyTypeBoundToJsonIsRegisteredForReflection() {
        List<Class<?>> classes = JsonBindings.moduleClasses(QuotaReflection.class);
        Set<Class<?>> bound = JsonBindings.jsonBound(classes, List.of(
                // AccountService and PolicyLoader keep it as JSON in accounts.custom_limits
                CustomLimits.class,
                // Idempotency writes it with the ObjectMapper and reads it back for a repeated call
                WebhookViews.Admission.class));
        List<Class<?>> annotated = new ArrayList<>(classes);
        annotated.add(CommonReflection.class);
        annotated.addAll(bound);

        assertThat(bound).as("the scan of target/classes").contains(AccountView.class,
                CheckResource.CheckRequest.class, CheckKind.class, UsageViews.MetricUsage.class,
                WebhookViews.Admission.class, WebhookCallReady.class, Page.class, RateLimitStatus.class);
        assertThat(JsonBindings.unregistered(bound, JsonBindings.registered(annotated)))
                .as("JSON-bound types missing from QuotaReflection (or CommonReflection)").isEmpty();
    }
}
