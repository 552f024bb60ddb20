package io.headroom.distribution.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.headroom.common.testing.BrokerProbe;
import io.headroom.common.testing.Cleanup;
import io.headroom.common.testing.PackagedInstance;
import io.headroom.common.testing.RecordingTarget;
import io.vertx.core.json.JsonObject;

/**
 * Exact under concurrency, across instances (spec/distribution-service.md §3): two instances of the
 * packaged service (target/quarkus-app) share one database; an account on the legacy pricing whose
 * plan allows 100 messages a day (anti-spam check passed) gets 300 one-recipient SMS distributions
 * released together, half to each instance. Exactly 100 are accepted (202), 200 refused whole (429
 * {@code distribution_messages}); 100 distributions exist and the day's usage is 100. The accepted
 * answers' {@code X-Rate-Limit-Remaining} are 99 down to 0, each once: the counts were taken one
 * after the other.
 */
class TwoInstancesIT {

    private static final int SENDS = 300;
    private static final long PER_DAY = 100;
    private static final long PER_MONTH = 3_000;
    private static final List<PackagedInstance> INSTANCES = new ArrayList<>();

    private static RecordingTarget gateway;
    private static BrokerProbe broker;

    @BeforeAll
    static void startTwoInstances() throws Exception {
        PackagedInstance.signWithTestKey();
        gateway = RecordingTarget.start();
        broker = BrokerProbe.connect();
        PackagedDistribution.deleteQueues(broker); // a run that died left them, maybe with messages
        PackagedInstance.Service service = PackagedDistribution.service(gateway.url("/sms"));
        for (int i = 1; i <= 2; i++) {
            INSTANCES.add(service.start("distribution-two-instances-" + i));
        }
    }

    @AfterAll
    static void stopEverything() {
        List<AutoCloseable> resources = new ArrayList<>(INSTANCES);
        resources.add(broker == null ? null : () -> {
            PackagedDistribution.deleteQueues(broker);
            broker.close();
        });
        resources.add(gateway);
        Cleanup.closeAll(resources.toArray(AutoCloseable[]::new));
    }

    @Test
    void threeHundredOneMessageSendsAcrossTwoInstancesAcceptExactlyOneHundred() throws Exception {
        PackagedInstance first = INSTANCES.get(0);
        PackagedInstance second = INSTANCES.get(1);
        PackagedDistribution.Account account = PackagedDistribution.account(broker, first, "business", "legacy",
                Instant.parse("2020-05-04T00:00:00Z"), PER_DAY, PER_MONTH);
        PackagedDistribution.passAntispam(second, account);
        String owner = account.owner();
        // both instances see the limits (and are warm: connections open, queries prepared)
        for (PackagedInstance instance : INSTANCES) {
            JsonObject limits = new JsonObject(instance.get("/v1/accounts/" + account.id() + "/distribution-limits",
                    owner, 200));
            assertThat(limits.getString("accountType")).as(limits.encode()).isEqualTo("legacy");
            assertThat(limits.getJsonObject("limits").getLong("perDay")).as(limits.encode()).isEqualTo(PER_DAY);
            assertThat(limits.getJsonObject("usage").getLong("today")).as(limits.encode()).isZero();
        }

        List<String> phones = PackagedDistribution.phones(SENDS);
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < SENDS; i++) {
            requests.add(PackagedDistribution.smsRequest(INSTANCES.get(i % 2), account, owner, List.of(phones.get(i))));
        }
        // all built first, then sent at once: the 300 are in flight together
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (HttpRequest request : requests) {
            pending.add(PackagedInstance.HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        List<HttpResponse<String>> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> answer : pending) {
            answers.add(answer.get(120, TimeUnit.SECONDS));
        }

        Map<Integer, Long> byStatus = answers.stream()
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        Map<String, Long> acceptedByInstance = answers.stream().filter(answer -> answer.statusCode() == 202)
                .collect(Collectors.groupingBy(answer -> answer.uri().getAuthority(), Collectors.counting()));
        assertThat(byStatus).as("statuses (accepted per instance: %s)", acceptedByInstance)
                .containsExactlyInAnyOrderEntriesOf(Map.of(202, 100L, 429, 200L));

        List<Long> remaining = answers.stream().filter(answer -> answer.statusCode() == 202)
                .map(answer -> Long.parseLong(answer.headers().firstValue("X-Rate-Limit-Remaining").orElse("-1")))
                .sorted().toList();
        assertThat(remaining).as("X-Rate-Limit-Remaining of the accepted answers")
                .containsExactlyElementsOf(LongStream.range(0, PER_DAY).boxed().toList());
        for (HttpResponse<String> refused : answers.stream().filter(answer -> answer.statusCode() == 429).toList()) {
            assertThat(refused.headers().firstValue("X-Rate-Limit-Type")).as(refused.body())
                    .contains("distribution_messages");
            assertThat(new JsonObject(refused.body()).getString("type"))
                    .isEqualTo("https://headroom.dev/problems/rate-limited");
        }

        assertThat(PackagedDistribution.count("select count(*) from distribution where account_id = ?", account.id()))
                .as("distributions").isEqualTo(PER_DAY);
        assertThat(PackagedDistribution.count("select count(*) from message m join distribution d"
                + " on d.id = m.distribution_id where d.account_id = ?", account.id())).as("messages").isEqualTo(PER_DAY);
        assertThat(PackagedDistribution.count("select coalesce(sum(used), 0) from distribution_count"
                + " where account_id = ? and period = 'day'", account.id())).as("the day's count").isEqualTo(PER_DAY);
        for (PackagedInstance instance : INSTANCES) {
            JsonObject limits = new JsonObject(instance.get("/v1/accounts/" + account.id() + "/distribution-limits",
                    owner, 200));
            assertThat(limits.getJsonObject("usage").getLong("today")).as(limits.encode()).isEqualTo(PER_DAY);
            assertThat(limits.getJsonObject("usage").getLong("thisMonth")).as(limits.encode()).isEqualTo(PER_DAY);
        }
    }
}
