package io.headroom.common.security;

import static io.headroom.common.security.AccessPolicy.Decision.ALLOWED;
import static io.headroom.common.security.AccessPolicy.Decision.FORBIDDEN;
import static io.headroom.common.security.AccessPolicy.Decision.HIDDEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final String ACCOUNT = "acc_1";
    private static final String PROJECT = "prj_1";

    private static Caller caller(String role, String account, Map<String, String> projectRoles) {
        return new Caller("sub", Set.of(role), account, projectRoles);
    }

    private final Caller admin = caller(Roles.PLATFORM_ADMIN, null, Map.of());
    private final Caller owner = caller(Roles.OWNER, ACCOUNT, Map.of());
    private final Caller member = caller(Roles.MEMBER, ACCOUNT, Map.of());
    private final Caller projectAdmin = caller(Roles.MEMBER, ACCOUNT, Map.of(PROJECT, Roles.PROJECT_ADMIN));
    private final Caller projectViewer = caller(Roles.MEMBER, ACCOUNT, Map.of(PROJECT, Roles.PROJECT_VIEWER));
    private final Caller otherOwner = caller(Roles.OWNER, "acc_2", Map.of());
    private final Caller gateway = caller(Roles.GATEWAY, null, Map.of());

    @Test
    void teamSettingsBelongToTheOwnerAndTheOperator() {
        assertThat(AccessPolicy.accountOwner(owner, ACCOUNT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.accountOwner(admin, ACCOUNT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.accountOwner(member, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.accountOwner(projectAdmin, ACCOUNT)).isEqualTo(FORBIDDEN);
    }

    @Test
    void anotherAccountsObjectsAreHiddenNotForbidden() {
        assertThat(AccessPolicy.accountOwner(otherOwner, ACCOUNT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.accountUser(otherOwner, ACCOUNT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.projectAdmin(otherOwner, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.projectReader(otherOwner, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.accountOwner(gateway, ACCOUNT)).isEqualTo(HIDDEN);
    }

    @Test
    void aGrantedProjectAdminMayChangeThatProjectOnly() {
        assertThat(AccessPolicy.projectAdmin(projectAdmin, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectAdmin(projectAdmin, ACCOUNT, "prj_other")).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.projectAdmin(owner, ACCOUNT, "prj_any")).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectAdmin(member, ACCOUNT, PROJECT)).isEqualTo(FORBIDDEN);
    }

    @Test
    void aViewerMayReadProjectUsageButNotChangeSettings() {
        assertThat(AccessPolicy.projectReader(projectViewer, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectAdmin(projectViewer, ACCOUNT, PROJECT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.projectReader(member, ACCOUNT, PROJECT)).isEqualTo(FORBIDDEN);
    }

    @Test
    void aTokenClaimingTheAccountWithoutAUserRoleIsNotItsUser() {
        Caller gatewayWithAccount = caller(Roles.GATEWAY, ACCOUNT, Map.of());
        assertThat(AccessPolicy.accountUser(gatewayWithAccount, ACCOUNT)).isEqualTo(HIDDEN);
    }

    @Test
    void onlyTheOwnerRequestsTheAntispamCheckNotEvenTheOperator() {
        assertThat(AccessPolicy.ownerOnly(owner, ACCOUNT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.ownerOnly(admin, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.ownerOnly(projectAdmin, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.ownerOnly(gateway, ACCOUNT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.ownerOnly(otherOwner, ACCOUNT)).isEqualTo(HIDDEN);
    }

    @Test
    void accountWideLimitsAreReadByTheOwnerTheOperatorAndAdminsOfAnyProject() {
        assertThat(AccessPolicy.anyProjectAdmin(owner, ACCOUNT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.anyProjectAdmin(admin, ACCOUNT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.anyProjectAdmin(projectAdmin, ACCOUNT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.anyProjectAdmin(projectViewer, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.anyProjectAdmin(member, ACCOUNT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.anyProjectAdmin(otherOwner, ACCOUNT)).isEqualTo(HIDDEN);
    }

    @Test
    void theGatewayActsForEveryProjectOthersAsTheirProjectRoleAllows() {
        assertThat(AccessPolicy.projectAdminOrGateway(gateway, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectAdminOrGateway(projectAdmin, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectAdminOrGateway(projectViewer, ACCOUNT, PROJECT)).isEqualTo(FORBIDDEN);
        assertThat(AccessPolicy.projectAdminOrGateway(otherOwner, ACCOUNT, PROJECT)).isEqualTo(HIDDEN);
        assertThat(AccessPolicy.projectReaderOrGateway(gateway, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectReaderOrGateway(projectViewer, ACCOUNT, PROJECT)).isEqualTo(ALLOWED);
        assertThat(AccessPolicy.projectReaderOrGateway(member, ACCOUNT, PROJECT)).isEqualTo(FORBIDDEN);
    }
}
