package io.headroom.quota;

import static io.headroom.quota.Fixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.headroom.common.testing.Tokens;
import io.restassured.response.Response;

/** Requests the webhook inbox tests share. */
public final class Webhooks {

    private Webhooks() {
    }

    /** Sets the project's webhook target as the account's owner. */
    public static void target(String accountId, String projectId, String url) {
        Response set = as(Tokens.owner(accountId)).body("{\"url\":\"" + url + "\"}")
                .put("/v1/projects/" + projectId + "/webhook-target");
        assertThat(set.statusCode()).as(set.asString()).isEqualTo(200);
    }

    /** The gateway posts a call with {@code payloadJson}. */
    public static Response post(String projectId, String payloadJson) {
        return as(Tokens.gateway()).body("{\"source\":\"crm\",\"payload\":" + payloadJson + "}")
                .post("/v1/projects/" + projectId + "/webhook-calls");
    }

    /** The id of a call that must be accepted. */
    public static String accepted(String projectId, String payloadJson) {
        Response posted = post(projectId, payloadJson);
        assertThat(posted.statusCode()).as(posted.asString()).isEqualTo(202);
        return posted.jsonPath().getString("id");
    }

    /** The call as the gateway reads it. */
    public static Response call(String projectId, String callId) {
        return as(Tokens.gateway()).get("/v1/projects/" + projectId + "/webhook-calls/" + callId);
    }

    public static String status(String projectId, String callId) {
        return call(projectId, callId).jsonPath().getString("status");
    }
}
