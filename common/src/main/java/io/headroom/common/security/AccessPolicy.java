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

    /**
     * What the platform's gateway does for any tenant (sending, metering, reading back what it
     * did), and otherwise as {@link #projectAdmin}.
     */
    public static Decision projectAdminOrGateway(Caller caller, String accountId, String projectId) {
        return caller.isGateway() ? Decision.ALLOWED : projectAdmin(caller, accountId, projectId);
    }

    /** As {@link #projectReader}, and the gateway. */
    public static Decision projectReaderOrGateway(Caller caller, String accountId, String projectId) {
        return caller.isGateway() ? Decision.ALLOWED : projectReader(caller, accountId, projectId);
    }

    /** Project usage: as {@link #projectAdmin}, and also a user granted {@code viewer}. */
    public static Decision projectReader(Caller caller, String accountId, String projectId) {
        Decision asAdmin = projectAdmin(caller, accountId, projectId);
        if (asAdmin == Decision.FORBIDDEN && Roles.PROJECT_VIEWER.equals(caller.projectRole(projectId))) {
            return Decision.ALLOWED;
        }
        return asAdmin;
    }

    /**
     * Notification thresholds: the account's owner only (conventions.md), not even platform-admin,
     * whose staff have no say in whom an account e-mails.
     */
    public static Decision notificationSettings(Caller caller, String accountId) {
        return ownerOnly(caller, accountId);
    }

    /**
     * What only the account's owner may do, not platform-admin either (requesting the anti-spam
     * check, choosing whom to notify): others of the account and platform-admin are forbidden.
     */
    public static Decision ownerOnly(Caller caller, String accountId) {
        if (caller.isOwnerOf(accountId)) {
            return Decision.ALLOWED;
        }
        return caller.belongsTo(accountId) || caller.isPlatformAdmin() ? Decision.FORBIDDEN : Decision.HIDDEN;
    }

    /**
     * Account-wide figures that project admins also need (the distribution limits every project
     * sends against): the owner, platform-admin, or a user granted {@code admin} on any project.
     */
    public static Decision anyProjectAdmin(Caller caller, String accountId) {
        if (caller.isPlatformAdmin() || caller.isOwnerOf(accountId)) {
            return Decision.ALLOWED;
        }
        if (!caller.belongsTo(accountId)) {
            return Decision.HIDDEN;
        }
        return caller.projectRoles().containsValue(Roles.PROJECT_ADMIN) ? Decision.ALLOWED : Decision.FORBIDDEN;
    }

    /**
     * An in-app notification: the account's owner sees all of the account's; a user granted
     * {@code admin} on a project sees that project's. Anyone else does not learn it exists.
     */
    public static Decision notificationReader(Caller caller, String accountId, String projectId) {
        if (caller.isOwnerOf(accountId)) {
            return Decision.ALLOWED;
        }
        return caller.belongsTo(accountId) && projectId != null
                && Roles.PROJECT_ADMIN.equals(caller.projectRole(projectId)) ? Decision.ALLOWED : Decision.HIDDEN;
    }
}
