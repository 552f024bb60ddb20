package io.headroom.quota.account;

import java.time.Instant;

/** A project as the API shows it. */
public record ProjectView(String id, String accountId, String name, boolean sandbox, Instant createdAt) {

    static ProjectView of(Project project) {
        return new ProjectView(project.id, project.accountId, project.name, project.sandbox, project.createdAt);
    }
}
