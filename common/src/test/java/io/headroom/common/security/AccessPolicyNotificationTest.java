package io.headroom.common.security;

import static io.headroom.common.security.AccessPolicy.Decision.ALLOWED;
import static io.headroom.common.security.AccessPolicy.Decision.FORBIDDEN;
import static io.headroom.common.security.AccessPolicy.Decision.HIDDEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The notification rules of spec/conventions.md: thresholds are the owner's alone; the inbox shows the owner all. */
class AccessPolicyNotificationTest {

    private static final String ACCOUNT = "acc_1";
    private static final String PROJECT = "prj_1";

    private static Caller caller(String role, String account, Map<String, String> projectRoles) {
        return new Caller("sub", Set.of(role), account, projectRoles);
    }

    private final Caller admin = caller(Roles.PLATFORM_ADMIN, null, Map.of());
    private final Caller gateway = caller(Roles.GATEWAY, null, Map.of());
    private final Caller owner = caller(Roles.OWNER, ACCOUNT, Map.of());
    private final Caller member = caller(Roles.MEMBER, ACCOUNT, Map.of());
    private final Caller projectAdmin = caller(Roles.MEMBER, ACCOUNT, Map.of(PROJECT, Roles.PROJECT_ADMIN));
    private final Caller projectViewer = caller(Roles.MEMBER, ACCOUNT, Map.of(PROJECT, Roles.PROJECT_VIEWER));
    private final Caller otherOwner = caller(Roles.OWNER, "acc_2", Map.of());
    private final Caller otherMember = caller(Roles.MEMBER, "acc_2", Map.of(PROJECT, Roles.PROJECT_ADMIN));

    @Test
    void notificationSettingsBelongToTheOwner() {
        assertThat(AccessPolicy.notificationSettings(owner, ACCOUNT)).isEqualTo(ALLOWED);
    }

    @Test
    void aMemberOfTheAccountIsForbiddenNotificationSettingsEvenAsProjectAdmin() {
        assertThat(AccessPolicy.notificationSettings(member, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.notificationSettings(projectAdmin, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.notificationSettings(projectViewer, ACCOUNT)).isEqualTo(FORBIDDEN);
    }

    @Test
    void thePlatformAdminIsForbiddenNotificationSettings() {
        assertThat(AccessPolicy.notificationSettings(admin, ACCOUNT)).isEqualTo(FORBIDDEN);
    }

    @Test
    void anotherAccountsNotificationSettingsAreHidden() {
        assertThat(AccessPolicy.notificationSettings(otherOwner, ACCOUNT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationSettings(otherMember, ACCOUNT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationSettings(gateway, ACCOUNT)).isEqualTo(HIDDEN);
    }

    @Test
    void aTokenClaimingTheAccountWithoutTheOwnerRoleDoesNotOwnItsNotificationSettings() {
        Caller gatewayWithAccount = caller(Roles.GATEWAY, ACCOUNT, Map.of());

        assertThat(AccessPolicy.notificationSettings(gatewayWithAccount, ACCOUNT)).isEqualTo(HIDDEN);
    }

    @Test
    void theOwnerReadsEveryNotificationOfTheAccount() {
        assertThat(AccessPolicy.notificationReader(owner, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.notificationReader(owner, ACCOUNT, "prj_any")).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.notificationReader(owner, ACCOUNT, null)).as("account-wide").isEqualTo(ALLOWED);
    }

    @Test
    void aProjectAdminReadsThatProjectsNotificationsOnly() {
        assertThat(AccessPolicy.notificationReader(projectAdmin, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.notificationReader(projectAdmin, ACCOUNT, "prj_other")).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationReader(projectAdmin, ACCOUNT, null)).as("account-wide").isEqualTo(HIDDEN);
    }

    @Test
    void aViewerOrPlainMemberDoesNotLearnANotificationExists() {
        assertThat(AccessPolicy.notificationReader(projectViewer, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationReader(member, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
    }

    @Test
    void noOneOutsideTheAccountReadsItsNotifications() {
        assertThat(AccessPolicy.notificationReader(otherOwner, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationReader(otherMember, ACCOUNT, PROJECT))
                .as("admin of a project id, in another account").isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationReader(admin, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.notificationReader(gateway, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
    }
}
