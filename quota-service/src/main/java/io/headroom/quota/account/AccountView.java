package io.headroom.quota.account;

import java.time.Instant;
import java.util.List;

import io.headroom.quota.plan.Plan;
import io.headroom.quota.plan.PlanLimits;

/** An account as the API shows it, with its effective limits and its projects. */
public record AccountView(String id, String name, String ownerEmail, Plan plan, PricingScheme pricingScheme,
        Instant createdAt, int cycleAnchorDay, String timezone, PlanLimits limits, List<ProjectView> projects) {

    /** A project as the API shows it. */
    public record ProjectView(String id, String accountId, String name, boolean sandbox, Instant createdAt) {

        static ProjectView of(Project project) {
            return new ProjectView(project.id, project.accountId, project.name, project.sandbox, project.createdAt);
        }
    }

    static AccountView of(Account account, PlanLimits limits, List<Project> projects) {
        return new AccountView(account.id, account.name, account.ownerEmail, account.plan, account.pricingScheme,
                account.createdAt, account.cycleAnchorDay, account.timezone, limits,
                projects.stream().map(ProjectView::of).toList());
    }
}
