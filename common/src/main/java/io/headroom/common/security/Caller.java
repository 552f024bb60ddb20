package io.headroom.common.security;

import java.util.Map;
import java.util.Set;

/**
 * Who is calling, as the verified token says: {@code sub}, {@code groups}, {@code account_id}
 * and {@code project_roles}. A plain value, so that the access rules are testable without a
 * container.
 */
public record Caller(String subject, Set<String> roles, String accountId, Map<String, String> projectRoles) {

    public Caller {
        roles = Set.copyOf(roles);
        projectRoles = Map.copyOf(projectRoles);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(Roles.PLATFORM_ADMIN);
    }

    public boolean isGateway() {
        return roles.contains(Roles.GATEWAY);
    }

    /** The caller is a user (owner or member) of this account. */
    public boolean belongsTo(String account) {
        return accountId != null && accountId.equals(account)
                && (roles.contains(Roles.OWNER) || roles.contains(Roles.MEMBER));
    }

    public boolean isOwnerOf(String account) {
        return accountId != null && accountId.equals(account) && roles.contains(Roles.OWNER);
    }

    /** The role the owner granted this caller on a project: {@code admin}, {@code viewer} or null. */
    public String projectRole(String projectId) {
        return projectRoles.get(projectId);
    }
}
