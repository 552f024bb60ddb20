package io.headroom.common.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;

/** Assertions on problem+json answers. */
public final class Problems {

    private Problems() {
    }

    /** Asserts {@code response} is a problem of {@code status} and {@code type} (the slug), without internals. */
    public static void assertProblem(Response response, int status, String type) {
        assertThat(response.statusCode()).as("status of %s", response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String expectedType = type == null ? "about:blank" : "https://headroom.dev/problems/" + type;
        assertThat(response.jsonPath().getString("type")).isEqualTo(expectedType);
        assertThat(response.jsonPath().getInt("status")).isEqualTo(status);
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.asString()).doesNotContain("Exception", "at io.", "at org.", "SQL", "java.");
    }
}
