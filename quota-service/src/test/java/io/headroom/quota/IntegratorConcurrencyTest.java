package io.headroom.quota;

import static io.headroom.quota.Fixtures.as;
import static io.headroom.quota.Fixtures.concurrently;
import static io.headroom.quota.Fixtures.overview;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.headroom.common.testing.Tokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;

/** Limits hold exactly under concurrent callers; the guarantee is the database's conditional update. */
@QuarkusTest
class IntegratorConcurrencyTest {

    @Test
    void twoHundredConcurrentOrganizationCreationsWithMaxManagedOrgsOneGiveExactlyOne201() throws Exception {
        String account = Fixtures.freeIntegrator();
        String token = Tokens.owner(account);

        List<Integer> statuses = concurrently(200, 50,
                i -> as(token).body("{\"name\":\"Org " + i + "\"}").post("/integrator/organizations"));

        assertThat(Collections.frequency(statuses, 201)).isEqualTo(1);
        assertThat(Collections.frequency(statuses, 403)).isEqualTo(199);
        assertThat(overview(account).jsonPath().getLong("usage.managedOrgs")).isEqualTo(1);
    }

    @Test
    void concurrentCreationsWithTheSameClientIdGiveOne201AndConflictsNeverA500() throws Throwable {
        String accountId = Fixtures.newAccountId();
        List<Integer> accounts = concurrently(20, 20, i -> Fixtures.createAccount(accountId, "trial"));
        String integrator = Fixtures.customIntegrator(0, 0, 0, 0, 0);
        String orgId = "org_" + accountId.substring(4);
        List<Integer> orgs = concurrently(20, 20, i -> as(Tokens.owner(integrator))
                .body("{\"id\":\"" + orgId + "\",\"name\":\"Same\"}").post("/integrator/organizations"));

        for (List<Integer> statuses : List.of(accounts, orgs)) {
            assertThat(Collections.frequency(statuses, 201)).isEqualTo(1);
            assertThat(Collections.frequency(statuses, 409)).isEqualTo(19);
        }
        assertThat(overview(integrator).jsonPath().getLong("usage.managedOrgs")).isEqualTo(1);
    }

    @Test
    void fiveHundredConcurrentRequestsOfThreeVotesAgainstMaxVotes1000LeaveExactly999() throws Throwable {
        String account = Fixtures.freeIntegrator();
        String org = Fixtures.organization(account);
        String process = Fixtures.process(account, org);
        String token = Tokens.owner(account);

        List<Integer> statuses = concurrently(500, 50, i -> as(token)
                .body("{\"processId\":\"" + process + "\",\"count\":3}")
                .post("/integrator/organizations/" + org + "/votes"));

        assertThat(Collections.frequency(statuses, 200)).isEqualTo(333);
        assertThat(Collections.frequency(statuses, 403)).isEqualTo(167);
        assertThat(overview(account).jsonPath().getLong("usage.sentVotes")).isEqualTo(999);
        assertThat(attributedVotes(account)).isEqualTo(999);
    }

    @Test
    void afterARandomMixOf1000ConcurrentOperationsTheCountersEqualTheSumOverTheRemainingOrganizations()
            throws Throwable {
        String account = Fixtures.customIntegrator(12, 40, 5000, 3000, 3000);
        String token = Tokens.owner(account);
        List<String> orgs = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            orgs.add(Fixtures.organization(account));
        }
        Map<String, String> processOf = new java.util.concurrent.ConcurrentHashMap<>();
        for (String org : orgs) {
            processOf.put(org, Fixtures.process(account, org));
        }
        Random random = new Random(42);
        List<Integer> kinds = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            kinds.add(random.nextInt(100));
        }

        List<Integer> statuses = concurrently(1000, 40, i -> {
            int kind = kinds.get(i);
            String org = orgs.get(i % orgs.size());
            Response response;
            if (kind < 8) {
                response = as(token).body("{\"name\":\"Mix " + i + "\"}").post("/integrator/organizations");
                if (response.statusCode() == 201) {
                    orgs.add(response.jsonPath().getString("id"));
                }
            } else if (kind < 14) {
                response = as(token).delete("/integrator/organizations/" + org);
            } else if (kind < 30) {
                response = as(token).body("{\"title\":\"P" + i + "\"}")
                        .post("/integrator/organizations/" + org + "/processes");
                if (response.statusCode() == 201) {
                    processOf.put(org, response.jsonPath().getString("id"));
                }
            } else if (kind < 70) {
                response = as(token).body("{\"processId\":\"" + processOf.getOrDefault(org, "proc_none")
                        + "\",\"count\":" + (1 + i % 25) + "}").post("/integrator/organizations/" + org + "/votes");
            } else {
                String channel = kind < 85 ? "email" : "sms";
                response = as(token).body("{\"channel\":\"" + channel + "\",\"count\":" + (1 + i % 17) + "}")
                        .post("/integrator/organizations/" + org + "/otp");
            }
            return response;
        });

        assertThat(statuses).allMatch(status -> status < 500);
        assertThat(statuses).contains(200, 201, 204);
        Response usage = overview(account);
        long[] sums = sumsOverOrganizations(account);
        assertThat(usage.jsonPath().getLong("usage.managedOrgs")).isEqualTo(sums[0]);
        assertThat(usage.jsonPath().getLong("usage.managedProcesses")).isEqualTo(sums[1]).isEqualTo(sums[5]);
        assertThat(usage.jsonPath().getLong("usage.sentVotes")).isEqualTo(sums[2]);
        assertThat(usage.jsonPath().getLong("usage.sentEmails")).isEqualTo(sums[3]);
        assertThat(usage.jsonPath().getLong("usage.sentSMS")).isEqualTo(sums[4]);
        assertThat(sums[0]).isLessThanOrEqualTo(12);
        assertThat(sums[1]).isLessThanOrEqualTo(40);
    }

    /** {organizations, their process counters, votes, e-mails, SMS, process rows} straight from the tables. */
    private static long[] sumsOverOrganizations(String account) throws Throwable {
        Object[] row = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("select count(*), coalesce(sum(managed_processes), 0),"
                        + " coalesce(sum(sent_votes), 0), coalesce(sum(sent_emails), 0), coalesce(sum(sent_sms), 0),"
                        + " (select count(*) from managed_process where account_id = :a)"
                        + " from managed_organization where account_id = :a", Object[].class)
                        .setParameter("a", account).getSingleResult())));
        long[] sums = new long[row.length];
        for (int i = 0; i < row.length; i++) {
            sums[i] = ((Number) row[i]).longValue();
        }
        return sums;
    }

    private static long attributedVotes(String account) throws Throwable {
        return sumsOverOrganizations(account)[2];
    }
}
