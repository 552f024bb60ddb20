package io.headroom.common.security;

/** The roles of the JWT {@code groups} claim (spec/conventions.md). */
public final class Roles {

    /** The operator's staff. */
    public static final String PLATFORM_ADMIN = "platform-admin";
    /** The platform's API gateway and back end. */
    public static final String GATEWAY = "gateway";
    /** Owner of the account in {@code account_id}. */
    public static final String OWNER = "owner";
    /** A user of the account in {@code account_id}; project access comes from {@code project_roles}. */
    public static final String MEMBER = "member";

    /** Project role granted by the owner: may change project settings and read usage. */
    public static final String PROJECT_ADMIN = "admin";
    /** Project role granted by the owner: may read project usage only. */
    public static final String PROJECT_VIEWER = "viewer";

    private Roles() {
    }
}
