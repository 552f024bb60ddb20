package io.headroom.notification.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.headroom.common.security.Caller;
import io.headroom.common.security.Roles;

/** What an inbox shows (spec: notification-service §3): the owner the whole account, a project admin that project. */
class InboxScopeTest {

    private static final String ACCOUNT = "acc_1";
    private static final String OTHER_ACCOUNT = "acc_2";

    private static Caller caller(String subject, String role, String account, Map<String, String> projectRoles) {
        return new Caller(subject, Set.of(role), account, projectRoles);
    }

    @Test
    void theOwnerSeesTheWholeAccount() {
        InboxScope scope = InboxScope.of(caller("owner-of-acc_1", Roles.OWNER, ACCOUNT, Map.of()));

        assertThat(scope.reader()).isEqualTo("owner-of-acc_1");
        assertThat(scope.accountId()).isEqualTo(ACCOUNT);
        assertThat(scope.wholeAccount()).isTrue();
        assertThat(scope.empty()).isFalse();
        assertThat(scope.shows(ACCOUNT, "prj_1")).isTrue();
        assertThat(scope.shows(ACCOUNT, "prj_any")).isTrue();
        assertThat(scope.shows(ACCOUNT, null)).as("an account-wide notification").isTrue();
    }

    @Test
    void theOwnerNeverSeesAnotherAccount() {
        InboxScope scope = InboxScope.of(caller("owner-of-acc_1", Roles.OWNER, ACCOUNT, Map.of()));

        assertThat(scope.shows(OTHER_ACCOUNT, "prj_1")).isFalse();
        assertThat(scope.shows(OTHER_ACCOUNT, null)).isFalse();
        assertThat(scope.shows(null, "prj_1")).isFalse();
    }

    @Test
    void aMemberSeesOnlyTheProjectsTheyAdminister() {
        InboxScope scope = InboxScope.of(caller("member-of-acc_1", Roles.MEMBER, ACCOUNT,
                Map.of("prj_3", Roles.PROJECT_ADMIN, "prj_2", Roles.PROJECT_VIEWER, "prj_1", Roles.PROJECT_ADMIN)));

        assertThat(scope.reader()).isEqualTo("member-of-acc_1");
        assertThat(scope.wholeAccount()).isFalse();
        assertThat(scope.projects()).containsExactly("prj_1", "prj_3");
        assertThat(scope.empty()).isFalse();
        assertThat(scope.shows(ACCOUNT, "prj_1")).isTrue();
        assertThat(scope.shows(ACCOUNT, "prj_3")).isTrue();
        assertThat(scope.shows(ACCOUNT, "prj_2")).as("viewer only").isFalse();
        assertThat(scope.shows(ACCOUNT, "prj_4")).as("no role").isFalse();
        assertThat(scope.shows(ACCOUNT, null)).as("an account-wide notification").isFalse();
    }

    @Test
    void aMemberWhoAdministersNoProjectSeesNothing() {
        for (Map<String, String> roles : List.of(Map.<String, String>of(),
                Map.of("prj_1", Roles.PROJECT_VIEWER), Map.of("prj_1", "owner"))) {
            InboxScope scope = InboxScope.of(caller("member-of-acc_1", Roles.MEMBER, ACCOUNT, roles));

            assertThat(scope.empty()).as("%s", roles).isTrue();
            assertThat(scope.projects()).as("%s", roles).isEmpty();
            assertThat(scope.shows(ACCOUNT, "prj_1")).as("%s", roles).isFalse();
            assertThat(scope.shows(ACCOUNT, null)).as("%s", roles).isFalse();
        }
    }

    @Test
    void aMemberNeverSeesAnotherAccountEvenForAProjectIdTheyAdminister() {
        InboxScope scope = InboxScope.of(caller("member-of-acc_1", Roles.MEMBER, ACCOUNT,
                Map.of("prj_1", Roles.PROJECT_ADMIN)));

        assertThat(scope.shows(OTHER_ACCOUNT, "prj_1")).isFalse();
    }

    @Test
    void theOwnerOfAnotherAccountDoesNotSeeThisOne() {
        InboxScope scope = InboxScope.of(caller("owner-of-acc_2", Roles.OWNER, OTHER_ACCOUNT,
                Map.of("prj_1", Roles.PROJECT_ADMIN)));

        assertThat(scope.shows(ACCOUNT, "prj_1")).isFalse();
        assertThat(scope.shows(ACCOUNT, null)).isFalse();
        assertThat(scope.shows(OTHER_ACCOUNT, "prj_9")).isTrue();
    }

    @Test
    void callersWithoutAnAccountSeeNothing() {
        for (Caller caller : List.of(caller("operator", Roles.PLATFORM_ADMIN, null, Map.of()),
                caller("gateway", Roles.GATEWAY, null, Map.of()))) {
            InboxScope scope = InboxScope.of(caller);

            assertThat(scope.empty()).as(caller.subject()).isTrue();
            assertThat(scope.shows(ACCOUNT, "prj_1")).as(caller.subject()).isFalse();
            assertThat(scope.shows(ACCOUNT, null)).as(caller.subject()).isFalse();
        }
    }

    @Test
    void aTokenClaimingTheAccountWithoutAUserRoleIsNotItsOwner() {
        InboxScope scope = InboxScope.of(caller("gateway", Roles.GATEWAY, ACCOUNT, Map.of()));

        assertThat(scope.wholeAccount()).isFalse();
        assertThat(scope.empty()).isTrue();
        assertThat(scope.shows(ACCOUNT, "prj_1")).isFalse();
    }
}
