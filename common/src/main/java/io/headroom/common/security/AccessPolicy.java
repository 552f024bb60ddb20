package io.headroom.common.security;

/**
 * The authorization rules of spec/conventions.md, as pure functions of a {@link Caller} and the
 * account (and project) an object belongs to.
 *
 * <p>A caller never learns whether another account's object exists: such an object is
 * {@link Decision#HIDDEN} (answered 404, like a missing one). A user of the right account
 * without the right is {@link Decision#FORBIDDEN} (403).
 */
public final class AccessPolicy {

    /** The outcome of an access check. */
    public enum Decision {
        ALLOWED, FORBIDDEN, HIDDEN
    }

    private AccessPolicy() {
    }

    /** Team settings and account-wide usage: the account's owner, or platform-admin. */
    public static Decision accountOwner(Caller caller, String accountId) {
        if (caller.isPlatformAdmin() || caller.isOwnerOf(accountId)) {
            return Decision.ALLOWED;
        }
        return caller.belongsTo(accountId) ? Decision.FORBIDDEN : Decision.HIDDEN;
    }

    /** Reading what every user of the account may see: owner or member, or platform-admin. */
    public static Decision accountUser(Caller caller, String accountId) {
        if (caller.isPlatformAdmin() || caller.belongsTo(accountId)) {
            return Decision.ALLOWED;
        }
        return Decision.HIDDEN;
    }

    /** Project settings: the account's owner, a user granted {@code admin} on the project, or platform-admin. */
    public static Decision projectAdmin(Caller caller, String accountId, String projectId) {
        if (caller.isPlatformAdmin() || caller.isOwnerOf(accountId)) {
            return Decision.ALLOWED;
        }
        if (!caller.belongsTo(accountId)) {
            return Decision.HIDDEN;
        }
        return Roles.PROJECT_ADMIN.equals(caller.projectRole(projectId)) ? Decision.ALLOWED : Decision.FORBIDDEN;
    }

    /** Project usage: as {@link #projectAdmin}, and also a user granted {@code viewer}. */
    public static Decision projectReader(Caller caller, String accountId, String projectId) {
        Decision asAdmin = projectAdmin(caller, accountId, projectId);
        if (asAdmin == Decision.FORBIDDEN && Roles.PROJECT_VIEWER.equals(caller.projectRole(projectId))) {
            return Decision.ALLOWED;
        }
        return asAdmin;
    }
}
