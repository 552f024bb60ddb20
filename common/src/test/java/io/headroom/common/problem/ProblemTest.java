package io.headroom.common.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void aQuotaProblemCarriesTheStandardMembersFirstThenItsExtensions() {
        ProblemException e = Problems.quotaExceeded("maxManagedOrgs", 1, 1,
                "maxManagedOrgs is 1 and 1 managed organization exists");

        Map<String, Object> body = e.problem().body("/integrator/organizations");

        assertThat(body.keySet()).containsExactly("type", "title", "status", "detail", "instance", "quota", "limit",
                "usage");
        assertThat(body).containsEntry("type", "https://headroom.dev/problems/quota-exceeded")
                .containsEntry("status", 403).containsEntry("limit", 1L).containsEntry("usage", 1L);
    }

    @Test
    void plainHttpErrorsUseAboutBlank() {
        Problem problem = Problem.http(405, "Method not allowed").header("Allow", "GET").build();

        assertThat(problem.body(null)).containsEntry("type", "about:blank").doesNotContainKey("instance");
        assertThat(problem.headers()).containsEntry("Allow", "GET");
    }

    @Test
    void unavailableTellsWhenToRetryAtLeastOneSecondAhead() {
        assertThat(Problems.unavailable("redis is unreachable", 0).problem().headers())
                .containsEntry("Retry-After", "1");
    }
}
