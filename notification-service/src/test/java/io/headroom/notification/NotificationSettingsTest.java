package io.headroom.notification;

import static io.headroom.common.testing.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.headroom.common.id.Ids;
import io.headroom.common.page.Cursor;
import io.headroom.common.security.Roles;
import io.headroom.common.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * A project's notification settings (issue 6, point 1; spec: notification-service §1): the defaults,
 * replacement, validation, the audit of changes, and who may read and change them.
 */
@QuarkusTest
class NotificationSettingsTest extends FeedTest {

    private static final List<String> DEFAULT_METRICS = List.of("api_calls", "bulk_api_calls", "redemptions",
            "webhook_calls");

    private static final String TWO_RULES = """
            {"rules": [
              {"metric": "api_calls", "thresholds": [50, 80, 100],
               "email": {"enabled": true, "recipients": ["ops@example.com"]}, "inApp": {"enabled": true}},
              {"metric": "webhook_calls", "hourlyAlert": true,
               "email": {"enabled": false, "recipients": []}, "inApp": {"enabled": true}}]}""";

    private static final String REDEMPTIONS_ONLY = """
            {"rules": [{"metric": "redemptions", "thresholds": [90],
              "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": false}}]}""";

    private static final String BULK_ONLY = """
            {"rules": [{"metric": "bulk_api_calls", "thresholds": [75, 100],
              "email": {"enabled": false, "recipients": []}, "inApp": {"enabled": true}}]}""";


    // --- defaults ------------------------------------------------------------------------------

    @Test
    void beforeAnySaveAProjectHasTheDefaults() {
        Feed.Account account = feed.account("UTC", "Fresh");

        JsonPath settings = ok(as(account.ownerToken()).get(settingsPath(account.project())));

        assertThat(settings.getBoolean("defaults")).isTrue();
        assertThat(settings.getString("updatedBy")).isNull();
        assertThat(settings.getString("updatedAt")).isNull();
        assertThat(settings.getList("rules.metric", String.class)).containsExactlyElementsOf(DEFAULT_METRICS);
        for (int i = 0; i < 3; i++) {
            String rule = "rules[" + i + "]";
            assertThat(settings.getList(rule + ".thresholds", Integer.class)).as(rule).containsExactly(80, 100);
            assertThat(settings.getBoolean(rule + ".hourlyAlert")).as(rule).isFalse();
            assertThat(settings.getBoolean(rule + ".email.enabled")).as(rule).isTrue();
            assertThat(settings.getList(rule + ".email.recipients")).as(rule + ": the owner").isEmpty();
            assertThat(settings.getBoolean(rule + ".inApp.enabled")).as(rule).isTrue();
        }
        assertThat(settings.getBoolean("rules[3].hourlyAlert")).isTrue();
        assertThat(settings.getBoolean("rules[3].email.enabled")).isTrue();
        assertThat(settings.getList("rules[3].email.recipients")).isEmpty();
        assertThat(settings.getBoolean("rules[3].inApp.enabled")).isTrue();
    }

    @Test
    void savingOneProjectLeavesTheAccountsOtherProjectsOnTheDefaults() {
        Feed.Account account = feed.account("UTC", "Saved", "Untouched");
        String saved = account.projectIds().get(0);
        String untouched = account.projectIds().get(1);

        ok(put(account.ownerToken(), saved, REDEMPTIONS_ONLY));

        assertThat(ok(as(account.ownerToken()).get(settingsPath(saved))).getBoolean("defaults")).isFalse();
        JsonPath other = ok(as(account.ownerToken()).get(settingsPath(untouched)));
        assertThat(other.getBoolean("defaults")).isTrue();
        assertThat(other.getList("rules.metric", String.class)).containsExactlyElementsOf(DEFAULT_METRICS);
    }

    // --- replacing -----------------------------------------------------------------------------

    @Test
    void aValidPutIsAnsweredWithTheSettingsAndGetReturnsThem() {
        Feed.Account account = feed.account("UTC", "Shop");
        String owner = "owner-of-" + account.id();

        JsonPath answer = ok(put(account.ownerToken(), account.project(), TWO_RULES));

        assertThat(answer.getBoolean("defaults")).isFalse();
        assertThat(answer.getString("updatedBy")).isEqualTo(owner);
        assertThat(answer.getString("updatedAt")).isNotBlank();
        assertThat(answer.getList("rules.metric", String.class)).containsExactly("api_calls", "webhook_calls");

        JsonPath settings = ok(as(account.ownerToken()).get(settingsPath(account.project())));
        assertThat(settings.getBoolean("defaults")).isFalse();
        assertThat(settings.getString("updatedBy")).isEqualTo(owner);
        assertThat(Instant.parse(settings.getString("updatedAt"))).isNotNull();
        assertThat(settings.getList("rules.metric", String.class)).containsExactly("api_calls", "webhook_calls");
        assertThat(settings.getList("rules[0].thresholds", Integer.class)).containsExactly(50, 80, 100);
        assertThat(settings.getBoolean("rules[0].hourlyAlert")).isFalse();
        assertThat(settings.getBoolean("rules[0].email.enabled")).isTrue();
        assertThat(settings.getList("rules[0].email.recipients", String.class)).containsExactly("ops@example.com");
        assertThat(settings.getBoolean("rules[0].inApp.enabled")).isTrue();
        assertThat(settings.getList("rules[1].thresholds")).isEmpty();
        assertThat(settings.getBoolean("rules[1].hourlyAlert")).isTrue();
        assertThat(settings.getBoolean("rules[1].email.enabled")).isFalse();
        assertThat(settings.getBoolean("rules[1].inApp.enabled")).isTrue();
    }

    @Test
    void aPutReplacesTheSettingsWhole() {
        Feed.Account account = feed.account("UTC", "Replaced");
        ok(put(account.ownerToken(), account.project(), TWO_RULES));

        ok(put(account.ownerToken(), account.project(), REDEMPTIONS_ONLY));

        JsonPath settings = ok(as(account.ownerToken()).get(settingsPath(account.project())));
        assertThat(settings.getList("rules.metric", String.class)).containsExactly("redemptions");
        assertThat(settings.getList("rules[0].thresholds", Integer.class)).containsExactly(90);
        assertThat(settings.getBoolean("rules[0].email.enabled")).isTrue();
        assertThat(settings.getList("rules[0].email.recipients")).isEmpty();
        assertThat(settings.getBoolean("rules[0].inApp.enabled")).isFalse();
    }

    @Test
    void anEmptyRuleListIsSavedAsNoRulesNotAsTheDefaults() {
        Feed.Account account = feed.account("UTC", "Silent");

        ok(put(account.ownerToken(), account.project(), "{\"rules\": []}"));

        JsonPath settings = ok(as(account.ownerToken()).get(settingsPath(account.project())));
        assertThat(settings.getBoolean("defaults")).isFalse();
        assertThat(settings.getList("rules")).isEmpty();
    }

    // --- validation ----------------------------------------------------------------------------

    /** A body the service must refuse, and the fields its 400 must name. */
    private record Invalid(String body, List<String> fields) {
    }

    @Test
    void invalidBodiesAre400NamingTheFieldsAndChangeNothing() {
        Feed.Account account = feed.account("UTC", "Validated");
        ok(put(account.ownerToken(), account.project(), TWO_RULES));
        String settingsBefore = ok(as(account.ownerToken()).get(settingsPath(account.project()))).prettify();

        List<Invalid> invalid = List.of(
                new Invalid(rules(rule("api_calls", "0, 101, 50.5", "")),
                        List.of("rules[0].thresholds[0]", "rules[0].thresholds[1]", "rules[0].thresholds[2]")),
                new Invalid(rules(rule("api_calls", "50, null, 50", "")),
                        List.of("rules[0].thresholds[1]", "rules[0].thresholds[2]")),
                new Invalid(rules(rule("api_calls", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11", "")),
                        List.of("rules[0].thresholds")),
                new Invalid(rules(rule("api_calls", "80", "\"ops@example.com\", \"not-an-address\"")),
                        List.of("rules[0].email.recipients[1]")),
                new Invalid(rules(rule("api_calls", "80", "\"Ops@Example.com\", \"ops@example.com\"")),
                        List.of("rules[0].email.recipients[1]")),
                new Invalid(rules(rule("api_calls", "80", addresses(11))), List.of("rules[0].email.recipients")),
                new Invalid(rules(rule("api_call", "80", "")), List.of("rules[0].metric")),
                new Invalid(rules("""
                        {"thresholds": [80],
                         "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}"""),
                        List.of("rules[0].metric")),
                new Invalid(rules(rule("api_calls", "80", ""), rule("api_calls", "100", "")),
                        List.of("rules[1].metric")),
                new Invalid(rules("""
                        {"metric": "api_calls", "thresholds": [80], "hourlyAlert": true,
                         "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}"""),
                        List.of("rules[0].hourlyAlert")),
                new Invalid(rules("""
                        {"metric": "api_calls", "thresholds": [80], "inApp": {"enabled": true}}"""),
                        List.of("rules[0].email")),
                new Invalid(rules("""
                        {"metric": "api_calls", "thresholds": [80], "email": {"enabled": true, "recipients": []}}"""),
                        List.of("rules[0].inApp")),
                new Invalid(rules("""
                        {"metric": "api_calls", "thresholds": [80], "email": {"recipients": []}, "inApp": {}}"""),
                        List.of("rules[0].email.enabled", "rules[0].inApp.enabled")),
                new Invalid("{}", List.of("rules")),
                new Invalid("{\"rules\": null}", List.of("rules")),
                new Invalid(rules("""
                        {"metric": "nope", "thresholds": [0],
                         "email": {"enabled": true, "recipients": ["bad"]}, "inApp": {"enabled": true}}""",
                        rule("redemptions", "80, 80", "")),
                        List.of("rules[0].metric", "rules[0].thresholds[0]", "rules[0].email.recipients[0]",
                                "rules[1].thresholds[1]")));

        for (Invalid body : invalid) {
            Response response = put(account.ownerToken(), account.project(), body.body());

            assertProblem(response, 400, "validation");
            assertThat(response.jsonPath().getList("errors.field", String.class)).as(body.body())
                    .containsExactlyInAnyOrderElementsOf(body.fields());
            assertThat(response.jsonPath().getList("errors.message", String.class)).as(body.body())
                    .hasSameSizeAs(body.fields()).allSatisfy(message -> assertThat(message).isNotBlank());
        }

        assertThat(ok(as(account.ownerToken()).get(settingsPath(account.project()))).prettify())
                .isEqualTo(settingsBefore);
        assertThat(ok(as(account.ownerToken()).get(changesPath(account.project()))).getList("items")).hasSize(1);
    }

    @Test
    void malformedJsonIs400AndChangesNothing() {
        Feed.Account account = feed.account("UTC", "Malformed");

        for (String body : List.of("{\"rules\": [", "not json", "{\"rules\": {\"metric\": \"api_calls\"}}",
                rules("""
                        {"metric": "api_calls", "thresholds": "eighty",
                         "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}"""),
                rules("""
                        {"metric": "api_calls", "thresholds": [80],
                         "email": {"enabled": "sometimes", "recipients": []}, "inApp": {"enabled": true}}"""),
                rules("""
                        {"metric": ["api_calls"], "thresholds": [80],
                         "email": {"enabled": true, "recipients": []}, "inApp": {"enabled": true}}"""))) {
            Response response = put(account.ownerToken(), account.project(), body);

            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertProblem(response, 400, "validation");
        }
        assertProblem(as(account.ownerToken()).put(settingsPath(account.project())), 400, "validation");

        assertThat(ok(as(account.ownerToken()).get(settingsPath(account.project()))).getBoolean("defaults")).isTrue();
        assertThat(ok(as(account.ownerToken()).get(changesPath(account.project()))).getList("items")).isEmpty();
    }

    // --- the audit -----------------------------------------------------------------------------

    @Test
    void anUntouchedProjectHasAnEmptyAudit() {
        Feed.Account account = feed.account("UTC", "Quiet");

        JsonPath audit = ok(as(account.ownerToken()).get(changesPath(account.project())));

        assertThat(audit.getList("items")).isEmpty();
        assertThat(audit.getString("nextCursor")).isNull();
    }

    @Test
    void theAuditListsChangesNewestFirstWithWhoWhenBeforeAndAfter() {
        Feed.Account account = feed.account("UTC", "Audited");
        String firstOwner = "owner-of-" + account.id();
        String secondOwner = "second-owner-of-" + account.id();
        String secondOwnerToken = Tokens.claims(secondOwner, Set.of(Roles.OWNER), account.id(), Map.of()).sign();
        ok(put(account.ownerToken(), account.project(), TWO_RULES));
        ok(put(secondOwnerToken, account.project(), REDEMPTIONS_ONLY));

        JsonPath audit = ok(as(account.ownerToken()).get(changesPath(account.project())));

        assertThat(audit.getList("items")).hasSize(2);
        assertThat(audit.getString("nextCursor")).isNull();
        assertThat(audit.getList("items.changedBy", String.class)).containsExactly(secondOwner, firstOwner);
        Instant newest = Instant.parse(audit.getString("items[0].changedAt"));
        Instant oldest = Instant.parse(audit.getString("items[1].changedAt"));
        assertThat(newest).isAfterOrEqualTo(oldest);

        assertThat(audit.getList("items[0].after.rules.metric", String.class)).containsExactly("redemptions");
        assertThat(audit.getList("items[0].before.rules.metric", String.class))
                .containsExactly("api_calls", "webhook_calls");
        assertThat(audit.getMap("items[0].before")).isEqualTo(audit.getMap("items[1].after"));
        assertThat(audit.getList("items[1].after.rules[0].email.recipients", String.class))
                .containsExactly("ops@example.com");

        // the first change replaced the defaults
        assertThat(audit.getList("items[1].before.rules.metric", String.class))
                .containsExactlyElementsOf(DEFAULT_METRICS);
        assertThat(audit.getList("items[1].before.rules[0].thresholds", Integer.class)).containsExactly(80, 100);
        assertThat(audit.getBoolean("items[1].before.rules[3].hourlyAlert")).isTrue();

        JsonPath settings = ok(as(account.ownerToken()).get(settingsPath(account.project())));
        assertThat(settings.getString("updatedBy")).isEqualTo(secondOwner);
    }

    @Test
    void theAuditPaginatesOneChangeAtATimeNewestFirst() {
        Feed.Account account = feed.account("UTC", "Paged");
        for (String body : List.of(TWO_RULES, REDEMPTIONS_ONLY, BULK_ONLY)) {
            ok(put(account.ownerToken(), account.project(), body));
        }

        List<List<String>> afterMetrics = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = as(account.ownerToken()).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = ok(request.get(changesPath(account.project())));
            assertThat(page.getList("items")).hasSize(1);
            afterMetrics.add(page.getList("items[0].after.rules.metric", String.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null && afterMetrics.size() < 10);

        assertThat(afterMetrics).containsExactly(List.of("bulk_api_calls"), List.of("redemptions"),
                List.of("api_calls", "webhook_calls"));
    }

    @Test
    void aPageOfTwoOfThreeChangesHasACursorToTheLastOne() {
        Feed.Account account = feed.account("UTC", "PagedByTwo");
        for (String body : List.of(TWO_RULES, REDEMPTIONS_ONLY, BULK_ONLY)) {
            ok(put(account.ownerToken(), account.project(), body));
        }

        JsonPath first = ok(as(account.ownerToken()).queryParam("limit", 2).get(changesPath(account.project())));
        assertThat(first.getList("items")).hasSize(2);
        assertThat(first.getString("nextCursor")).isNotBlank();

        JsonPath second = ok(as(account.ownerToken()).queryParam("limit", 2)
                .queryParam("cursor", first.getString("nextCursor")).get(changesPath(account.project())));
        assertThat(second.getList("items")).hasSize(1);
        assertThat(second.getList("items[0].after.rules.metric", String.class))
                .containsExactly("api_calls", "webhook_calls");
        assertThat(second.getString("nextCursor")).isNull();
    }

    @Test
    void aBadLimitOrCursorOnTheAuditIs400() {
        Feed.Account account = feed.account("UTC", "BadPaging");
        String changes = changesPath(account.project());

        for (String limit : List.of("0", "201", "ten", "-1")) {
            Response response = as(account.ownerToken()).queryParam("limit", limit).get(changes);
            assertProblem(response, 400, "validation");
            assertThat(response.jsonPath().getList("errors.field", String.class)).as(limit).containsExactly("limit");
        }
        String notAChangeCursor = new Cursor(Instant.parse("2026-11-21T10:15:00Z"), "ntf_abc").encode();
        for (String cursor : List.of("garbage", "!!!", notAChangeCursor)) {
            Response response = as(account.ownerToken()).queryParam("cursor", cursor).get(changes);
            assertProblem(response, 400, "validation");
            assertThat(response.jsonPath().getList("errors.field", String.class)).as(cursor).containsExactly("cursor");
        }
    }

    // --- who may read and change them ----------------------------------------------------------

    @Test
    void aMemberWhoAdministersTheProjectIsForbidden() {
        Feed.Account account = feed.account("UTC", "Delegated");
        String token = Tokens.member(account.id(), Map.of(account.project(), Roles.PROJECT_ADMIN));

        for (Response response : everyOperation(token, account.project())) {
            assertProblem(response, 403, "forbidden");
        }
        assertUntouched(account);
    }

    @Test
    void aPlainMemberIsForbidden() {
        Feed.Account account = feed.account("UTC", "Team");

        for (Response response : everyOperation(Tokens.member(account.id()), account.project())) {
            assertProblem(response, 403, "forbidden");
        }
        assertUntouched(account);
    }

    @Test
    void thePlatformAdminIsForbidden() {
        Feed.Account account = feed.account("UTC", "Operated");

        for (Response response : everyOperation(Tokens.platformAdmin(), account.project())) {
            assertProblem(response, 403, "forbidden");
        }
        assertUntouched(account);
    }

    @Test
    void theGatewayIsForbidden() {
        Feed.Account account = feed.account("UTC", "Gated");

        for (Response response : everyOperation(Tokens.gateway(), account.project())) {
            assertProblem(response, 403, "forbidden");
        }
        assertUntouched(account);
    }

    @Test
    void theOwnerOfAnotherAccountGets404ExactlyAsForAnUnknownProject() {
        Feed.Account account = feed.account("UTC", "Mine");
        Feed.Account stranger = feed.account("UTC", "Theirs");

        for (Response response : everyOperation(stranger.ownerToken(), account.project())) {
            assertProblem(response, 404, "not-found");
        }
        String unknown = Ids.next(Ids.PROJECT);
        String hidden = as(stranger.ownerToken()).get(settingsPath(account.project())).asString();
        String missing = as(stranger.ownerToken()).get(settingsPath(unknown)).asString();
        assertThat(hidden.replace(account.project(), "{id}")).isEqualTo(missing.replace(unknown, "{id}"));
        assertUntouched(account);
    }

    @Test
    void anUnknownProjectIs404() {
        Feed.Account account = feed.account("UTC", "Known");

        for (Response response : everyOperation(account.ownerToken(), Ids.next(Ids.PROJECT))) {
            assertProblem(response, 404, "not-found");
        }
    }

    @Test
    void noTokenIs401() {
        Feed.Account account = feed.account("UTC", "Anonymous");

        for (Response response : everyOperation(null, account.project())) {
            assertProblem(response, 401, "unauthorized");
        }
        for (Response response : everyOperation(Tokens.expired(account.id()), account.project())) {
            assertProblem(response, 401, "unauthorized");
        }
        // every change and read mark is recorded under the token's sub: a token without one is refused
        for (Response response : everyOperation(Tokens.withoutSubject(account.id()), account.project())) {
            assertProblem(response, 401, "unauthorized");
        }
        assertUntouched(account);
    }

    // --- helpers -------------------------------------------------------------------------------

    private static String settingsPath(String projectId) {
        return "/v1/projects/" + projectId + "/notification-settings";
    }

    private static String changesPath(String projectId) {
        return settingsPath(projectId) + "/changes";
    }

    /** A JSON request, with the bearer token when there is one. */
    private static RequestSpecification as(String token) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static Response put(String token, String projectId, String body) {
        return as(token).body(body).put(settingsPath(projectId));
    }

    /** GET, PUT (a valid body) and GET of the audit, in that order. */
    private static List<Response> everyOperation(String token, String projectId) {
        return List.of(as(token).get(settingsPath(projectId)), put(token, projectId, REDEMPTIONS_ONLY),
                as(token).get(changesPath(projectId)));
    }

    private static JsonPath ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.jsonPath();
    }

    /** The project still has the defaults and no change was recorded. */
    private static void assertUntouched(Feed.Account account) {
        assertThat(ok(as(account.ownerToken()).get(settingsPath(account.project()))).getBoolean("defaults")).isTrue();
        assertThat(ok(as(account.ownerToken()).get(changesPath(account.project()))).getList("items")).isEmpty();
    }

    /** One rule's JSON: thresholds and recipients are the contents of their arrays. */
    private static String rule(String metric, String thresholds, String recipients) {
        return "{\"metric\": \"" + metric + "\", \"thresholds\": [" + thresholds + "], \"email\": {\"enabled\": true,"
                + " \"recipients\": [" + recipients + "]}, \"inApp\": {\"enabled\": true}}";
    }

    private static String rules(String... rules) {
        return "{\"rules\": [" + String.join(", ", rules) + "]}";
    }

    /** {@code count} distinct addresses, as JSON array contents. */
    private static String addresses(int count) {
        List<String> addresses = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            addresses.add("\"ops" + i + "@example.com\"");
        }
        return String.join(", ", addresses);
    }
}
