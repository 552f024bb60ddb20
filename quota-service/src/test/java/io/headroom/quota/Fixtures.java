package io.headroom.quota;

import static io.restassured.RestAssured.given;

import io.headroom.common.id.Ids;
import io.headroom.common.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Requests the quota-service tests share. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String newAccountId() {
        return Ids.next(Ids.ACCOUNT);
    }

    /** Creates an account as platform-admin; the response of {@code POST /v1/accounts}. */
    public static Response createAccount(String id, String plan) {
        return given().contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + Tokens.platformAdmin())
                .body("""
                        {"id":"%s","name":"Acme %s","ownerEmail":"owner@acme.test","plan":"%s"}
                        """.formatted(id, id, plan))
                .post("/v1/accounts");
    }
}
