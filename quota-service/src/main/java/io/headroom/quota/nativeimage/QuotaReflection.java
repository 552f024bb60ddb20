package io.headroom.quota.nativeimage;

import io.headroom.quota.account.AccountView;
import io.headroom.quota.account.BillingCycle;
import io.headroom.quota.account.PricingScheme;
import io.headroom.quota.account.ProjectView;
import io.headroom.quota.apipackage.ApiPackageView;
import io.headroom.quota.apipackage.NewApiPackage;
import io.headroom.quota.integrator.IntegratorLimits;
import io.headroom.quota.integrator.IntegratorTier;
import io.headroom.quota.integrator.IntegratorUsage;
import io.headroom.quota.integrator.IntegratorViews;
import io.headroom.quota.integrator.OtpChannel;
import io.headroom.quota.plan.CustomLimits;
import io.headroom.quota.plan.Plan;
import io.headroom.quota.plan.PlanLimits;
import io.headroom.quota.ratelimit.CheckKind;
import io.headroom.quota.rest.AccountRequests;
import io.headroom.quota.rest.CheckAnswer;
import io.headroom.quota.rest.CheckResource;
import io.headroom.quota.rest.IntegratorRequests;
import io.headroom.quota.usage.MeteredUsage;
import io.headroom.quota.usage.UsageViews;
import io.headroom.quota.webhook.WebhookCallReady;
import io.headroom.quota.webhook.WebhookViews;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The types quota-service binds to JSON, registered for reflection so that Jackson can read and
 * write them in a native executable: request and response bodies with the records and enums they
 * contain, the {@code webhook.call.ready} event, and what the service hands to the ObjectMapper
 * itself (custom limits stored as JSON, webhook admissions kept by {@code Idempotency}). The shared
 * types (events, problems, Page, RateLimitStatus) are in common's {@code CommonReflection}.
 * Nested types are listed one by one ({@code ignoreNested}); {@code QuotaReflectionTest} fails
 * when a JSON-bound type is missing here.
 */
@RegisterForReflection(ignoreNested = true, targets = {
        // accounts and projects
        AccountView.class,
        ProjectView.class,
        BillingCycle.class,
        PricingScheme.class,
        AccountRequests.Create.class,
        AccountRequests.Change.class,
        AccountRequests.NewProject.class,
        // plans
        Plan.class,
        PlanLimits.class,
        CustomLimits.class,
        // API packages
        ApiPackageView.class,
        NewApiPackage.class,
        // integrator
        IntegratorViews.Overview.class,
        IntegratorViews.Organization.class,
        IntegratorViews.Attributed.class,
        IntegratorViews.Process.class,
        IntegratorLimits.class,
        IntegratorUsage.class,
        IntegratorTier.class,
        OtpChannel.class,
        IntegratorRequests.Settings.class,
        IntegratorRequests.NewOrganization.class,
        IntegratorRequests.NewProcess.class,
        IntegratorRequests.Votes.class,
        IntegratorRequests.Otp.class,
        // checks
        CheckResource.CheckRequest.class,
        CheckKind.class,
        CheckAnswer.class,
        CheckAnswer.WindowView.class,
        // usage
        MeteredUsage.class,
        UsageViews.Period.class,
        UsageViews.MetricUsage.class,
        UsageViews.ProjectUsage.class,
        UsageViews.AccountUsage.class,
        UsageViews.HistoryPoint.class,
        UsageViews.Metered.class,
        // webhook inbox
        WebhookViews.TargetRequest.class,
        WebhookViews.Target.class,
        WebhookViews.NewCall.class,
        WebhookViews.Accepted.class,
        WebhookViews.Admission.class,
        WebhookViews.Call.class,
        WebhookCallReady.class,
})
public final class QuotaReflection {

    private QuotaReflection() {
    }
}
