package io.headroom.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.headroom.common.event.UsageSnapshot;
import io.headroom.common.id.Ids;
import io.headroom.common.testing.Problems;
import io.headroom.common.testing.SmtpServer;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The in-app inbox (issue 6, point 5; spec: notification-service §3): newest first, cursor pages,
 * the unread filter and count, read marks that belong to each reader, what a project admin sees,
 * and what nobody else may see or touch. Notifications come from real {@code usage.snapshot}
 * events crossing the default 80 % threshold.
 */
@QuarkusTest
class InboxTest extends FeedTest {


    @Test
    void theListIsNewestFirstAndPagesOfTwoWalkEveryItemExactlyOnce() {
        Feed.Account account = feed.account("UTC", "Alpha", "Beta");
        String alpha = account.projectIds().get(0);
        String beta = account.projectIds().get(1);
        // one after the other: each notification is created after the one before
        crossEighty(account, alpha, "redemptions");
        crossEighty(account, alpha, "api_calls");
        crossEighty(account, beta, "redemptions");
        crossEighty(account, alpha, "bulk_api_calls");
        crossEighty(account, beta, "api_calls");

        JsonPath inbox = Feed.awaitInbox(account, 5).jsonPath();
        assertThat(inbox.getList("items")).hasSize(5);
        assertThat(inbox.getString("nextCursor")).isNull();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            order.add(inbox.getString("items[" + i + "].projectId") + "/"
                    + inbox.getString("items[" + i + "].details.metric"));
        }
        assertThat(order).containsExactly(beta + "/api_calls", alpha + "/bulk_api_calls", beta + "/redemptions",
                alpha + "/api_calls", alpha + "/redemptions");
        List<Instant> created = inbox.getList("items.createdAt", String.class).stream().map(Instant::parse).toList();
        for (int i = 1; i < created.size(); i++) {
            assertThat(created.get(i)).as("createdAt of item %d", i).isBefore(created.get(i - 1));
        }
        assertThat(inbox.getList("items.kind", String.class)).containsOnly("usage_threshold");
        assertThat(inbox.getList("items.accountId", String.class)).containsOnly(account.id());

        List<String> walked = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = as(account.ownerToken()).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/v1/notifications").then().statusCode(200).extract().jsonPath();
            walked.addAll(page.getList("items.id", String.class));
            pageSizes.add(page.getList("items").size());
            cursor = page.getString("nextCursor");
        } while (cursor != null && pageSizes.size() < 10);
        assertThat(pageSizes).containsExactly(2, 2, 1);
        assertThat(walked).doesNotHaveDuplicates()
                .containsExactlyElementsOf(inbox.getList("items.id", String.class));
    }

    @Test
    void anItemTellsWhatBecameOfItsEmail() {
        Feed.Account account = feed.account("UTC", "Mailed", "Silent");
        String mailed = account.projectIds().get(0);
        String silent = account.projectIds().get(1);
        Feed.settings(account, silent, """
                {"rules": [{"metric": "redemptions", "thresholds": [80],
                  "email": {"enabled": false, "recipients": []}, "inApp": {"enabled": true}}]}""");
        crossEighty(account, mailed, "redemptions");
        crossEighty(account, silent, "redemptions");

        await().atMost(Feed.PATIENCE).until(() -> "sent".equals(
                item(Feed.inbox(account).jsonPath(), mailed).getString("email.state")));
        JsonPath inbox = Feed.inbox(account).jsonPath();
        assertThat(inbox.getList("items")).hasSize(2);
        JsonPath withMail = item(inbox, mailed);
        assertThat(withMail.getInt("email.attempts")).isGreaterThanOrEqualTo(1);
        assertThat(withMail.getString("email.lastError")).isNull();
        assertThat(Instant.parse(withMail.getString("email.sentAt")))
                .isAfterOrEqualTo(Instant.parse(withMail.getString("createdAt")));
        assertThat(item(inbox, silent).<Object>get("email")).as("an in-app-only notification has no email member")
                .isNull();
        assertThat(SmtpServer.to(account.ownerEmail())).extracting(SmtpServer.Received::subject)
                .containsExactly("[Headroom] Mailed reached 80 % of its redemptions");
    }

    @Test
    void readMarksTheUnreadFilterTheCountAndReadAll() {
        Feed.Account account = feed.account("UTC", "Reads");
        String owner = account.ownerToken();
        crossEighty(account, account.project(), "redemptions");
        crossEighty(account, account.project(), "api_calls");
        crossEighty(account, account.project(), "bulk_api_calls");
        JsonPath inbox = Feed.awaitInbox(account, 3).jsonPath();
        List<String> ids = inbox.getList("items.id", String.class);
        assertThat(ids).hasSize(3);
        assertThat(inbox.getList("items.read", Boolean.class)).containsOnly(false);
        assertThat(inbox.getList("items.readAt")).containsOnlyNulls();

        Response count = as(owner).get("/v1/notifications/unread-count");
        assertThat(count.statusCode()).isEqualTo(200);
        assertThat(count.jsonPath().getMap("$")).containsOnlyKeys("unread");
        assertThat(unread(owner)).isEqualTo(3);

        Response read = markRead(owner, ids.get(1));
        assertThat(read.statusCode()).as(read.asString()).isEqualTo(200);
        assertThat(read.jsonPath().getString("id")).isEqualTo(ids.get(1));
        assertThat(read.jsonPath().getBoolean("read")).isTrue();
        String readAt = read.jsonPath().getString("readAt");
        assertThat(readAt).isNotNull();
        assertThat(unread(owner)).isEqualTo(2);

        Response again = markRead(owner, ids.get(1));
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(200);
        assertThat(again.jsonPath().getBoolean("read")).isTrue();
        assertThat(again.jsonPath().getString("readAt")).as("the first mark stays").isEqualTo(readAt);
        assertThat(unread(owner)).isEqualTo(2);

        assertThat(list(owner, "?unread=true").getList("items.id", String.class))
                .containsExactly(ids.get(0), ids.get(2));
        JsonPath everything = list(owner, "?unread=false");
        assertThat(everything.getList("items.id", String.class)).containsExactlyElementsOf(ids);
        assertThat(everything.getList("items.read", Boolean.class)).containsExactly(false, true, false);

        Response all = as(owner).post("/v1/notifications/read-all");
        assertThat(all.statusCode()).as(all.asString()).isEqualTo(200);
        assertThat(all.jsonPath().getMap("$")).containsOnlyKeys("marked");
        assertThat(all.jsonPath().getInt("marked")).isEqualTo(2);
        assertThat(unread(owner)).isZero();
        assertThat(list(owner, "?unread=true").getList("items")).isEmpty();
        assertThat(list(owner, "").getList("items.read", Boolean.class)).containsExactly(true, true, true);
        assertThat(as(owner).post("/v1/notifications/read-all").jsonPath().getInt("marked")).isZero();
    }

    @Test
    void readMarksBelongToEachReader() {
        Feed.Account account = feed.account("UTC", "Shared", "Other");
        String shared = account.projectIds().get(0);
        String other = account.projectIds().get(1);
        String owner = account.ownerToken();
        String admin = Tokens.member(account.id(), Map.of(shared, "admin"));
        crossEighty(account, shared, "redemptions");
        crossEighty(account, other, "redemptions");
        crossEighty(account, shared, "api_calls");
        JsonPath inbox = Feed.awaitInbox(account, 3).jsonPath();
        String sharedNewest = inbox.getString("items[0].id");
        assertThat(inbox.getString("items[0].projectId")).isEqualTo(shared);
        assertThat(unread(owner)).isEqualTo(3);
        assertThat(unread(admin)).isEqualTo(2);

        // the admin reads one: the owner's bell does not change
        assertThat(markRead(admin, sharedNewest).jsonPath().getBoolean("read")).isTrue();
        assertThat(unread(admin)).isEqualTo(1);
        assertThat(unread(owner)).isEqualTo(3);
        assertThat(list(owner, "").getList("items.read", Boolean.class)).containsOnly(false);

        // the owner reads everything: the admin's bell does not change
        assertThat(as(owner).post("/v1/notifications/read-all").jsonPath().getInt("marked")).isEqualTo(3);
        assertThat(unread(owner)).isZero();
        assertThat(unread(admin)).isEqualTo(1);
        assertThat(list(admin, "?unread=true").getList("items")).hasSize(1);

        assertThat(as(admin).post("/v1/notifications/read-all").jsonPath().getInt("marked")).isEqualTo(1);
        assertThat(unread(admin)).isZero();
    }

    @Test
    void aProjectAdminSeesOnlyTheirProjectsNotifications() {
        Feed.Account account = feed.account("UTC", "A", "B");
        String a = account.projectIds().get(0);
        String b = account.projectIds().get(1);
        crossEighty(account, a, "redemptions");
        crossEighty(account, b, "redemptions");
        crossEighty(account, a, "api_calls");
        JsonPath inbox = Feed.awaitInbox(account, 3).jsonPath();
        String onB = item(inbox, b).getString("id");
        String newestOnA = inbox.getString("items[0].id");

        String adminOfA = Tokens.member(account.id(), Map.of(a, "admin", b, "viewer"));
        JsonPath seen = list(adminOfA, "");
        assertThat(seen.getList("items")).hasSize(2);
        assertThat(seen.getList("items.projectId", String.class)).containsOnly(a);
        assertThat(seen.getList("items.id", String.class)).doesNotContain(onB);
        assertThat(unread(adminOfA)).isEqualTo(2);
        Problems.assertProblem(markRead(adminOfA, onB), 404, "not-found");
        assertThat(markRead(adminOfA, newestOnA).statusCode()).isEqualTo(200);
        assertThat(as(adminOfA).post("/v1/notifications/read-all").jsonPath().getInt("marked")).isEqualTo(1);
        assertThat(unread(adminOfA)).isZero();

        // a member without admin on any project sees nothing and can mark nothing
        String viewer = Tokens.member(account.id(), Map.of(a, "viewer", b, "viewer"));
        assertThat(list(viewer, "").getList("items")).isEmpty();
        assertThat(unread(viewer)).isZero();
        Problems.assertProblem(markRead(viewer, newestOnA), 404, "not-found");
        assertThat(as(viewer).post("/v1/notifications/read-all").jsonPath().getInt("marked")).isZero();
        // the owner's marks were never touched by the members
        assertThat(unread(account.ownerToken())).isEqualTo(3);
    }

    @Test
    void anotherAccountNeverSeesOrMarksThisAccountsNotificationsAndUnknownIdsAreNotFound() {
        Feed.Account account = feed.account("UTC", "Mine");
        Feed.Account stranger = feed.account("UTC", "Theirs");
        crossEighty(account, account.project(), "redemptions");
        String id = Feed.awaitInbox(account, 1).jsonPath().getString("items[0].id");

        Problems.assertProblem(markRead(stranger.ownerToken(), id), 404, "not-found");
        // a member of the other account claiming admin on this account's project
        String claimant = Tokens.member(stranger.id(), Map.of(account.project(), "admin"));
        Problems.assertProblem(markRead(claimant, id), 404, "not-found");
        assertThat(list(stranger.ownerToken(), "").getList("items")).isEmpty();
        assertThat(list(claimant, "").getList("items")).isEmpty();
        assertThat(unread(stranger.ownerToken())).isZero();
        assertThat(as(stranger.ownerToken()).post("/v1/notifications/read-all").jsonPath().getInt("marked"))
                .isZero();

        Problems.assertProblem(markRead(account.ownerToken(), Ids.next(Ids.NOTIFICATION)), 404, "not-found");
        Problems.assertProblem(markRead(account.ownerToken(), "ntf_" + "x".repeat(300)), 404, "not-found");
        assertThat(unread(account.ownerToken())).isEqualTo(1);
        assertThat(list(account.ownerToken(), "").getList("items.read", Boolean.class)).containsExactly(false);
    }

    @Test
    void badQueryValuesAreValidationProblems() {
        String owner = Tokens.owner(Ids.next(Ids.ACCOUNT));
        Map<String, String> bad = Map.of("limit=0", "limit", "limit=201", "limit", "limit=abc", "limit",
                "unread=maybe", "unread", "cursor=garbage", "cursor", "cursor=" + "A".repeat(60), "cursor");
        bad.forEach((query, field) -> {
            Response response = as(owner).get("/v1/notifications?" + query);
            Problems.assertProblem(response, 400, "validation");
            assertThat(response.jsonPath().getList("errors.field", String.class)).as(query).containsExactly(field);
        });
        for (String good : List.of("limit=1", "limit=200", "unread=true", "unread=false", "unread=")) {
            assertThat(as(owner).get("/v1/notifications?" + good).statusCode()).as(good).isEqualTo(200);
        }
    }

    @Test
    void onlyOwnersAndMembersUseTheInbox() {
        String id = Ids.next(Ids.NOTIFICATION);
        for (String token : List.of(Tokens.platformAdmin(), Tokens.gateway())) {
            Problems.assertProblem(as(token).get("/v1/notifications"), 403, "forbidden");
            Problems.assertProblem(as(token).get("/v1/notifications/unread-count"), 403, "forbidden");
            Problems.assertProblem(as(token).post("/v1/notifications/" + id + "/read"), 403, "forbidden");
            Problems.assertProblem(as(token).post("/v1/notifications/read-all"), 403, "forbidden");
            Problems.assertProblem(as(token).get("/v1/notifications/stream"), 403, "forbidden");
        }
        String accountId = Ids.next(Ids.ACCOUNT);
        for (String token : List.of(Tokens.expired(accountId), Tokens.forged())) {
            Problems.assertProblem(as(token).get("/v1/notifications"), 401, "unauthorized");
        }
        Problems.assertProblem(given().get("/v1/notifications"), 401, "unauthorized");
        Problems.assertProblem(given().get("/v1/notifications/unread-count"), 401, "unauthorized");
        Problems.assertProblem(given().post("/v1/notifications/" + id + "/read"), 401, "unauthorized");
        Problems.assertProblem(given().post("/v1/notifications/read-all"), 401, "unauthorized");
        Problems.assertProblem(given().get("/v1/notifications/stream"), 401, "unauthorized");
    }

    /** Publishes a snapshot of 80 of 100 (a new notification under the defaults) and waits until it is processed. */
    private void crossEighty(Feed.Account account, String projectId, String metric) {
        UsageSnapshot snapshot = Feed.snapshot(account, projectId, metric, "cycle", Feed.CYCLE_START, Feed.CYCLE_END,
                80, 100, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        feed.publish(snapshot);
        Feed.awaitProcessed(snapshot);
    }

    /** The one item of the project in a list. */
    private static JsonPath item(JsonPath list, String projectId) {
        List<Map<String, Object>> items = list.getList("items");
        for (int i = 0; i < items.size(); i++) {
            if (projectId.equals(list.getString("items[" + i + "].projectId"))) {
                return JsonPath.from(list.prettify()).setRootPath("items[" + i + "]");
            }
        }
        throw new AssertionError("no item of " + projectId + " in " + list.prettify());
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static JsonPath list(String token, String query) {
        return as(token).get("/v1/notifications" + query).then().statusCode(200).extract().jsonPath();
    }

    private static long unread(String token) {
        return as(token).get("/v1/notifications/unread-count").then().statusCode(200).extract().jsonPath()
                .getLong("unread");
    }

    private static Response markRead(String token, String id) {
        return as(token).post("/v1/notifications/" + id + "/read");
    }
}
