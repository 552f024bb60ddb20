package io.headroom.common.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    /** 2026-11-18T11:06:40Z. */
    private static final long NOW = 1_795_000_000L;

    /** Every header name written, in order, repeats included. */
    private final List<String> names = new ArrayList<>();

    private Map<String, String> headers(RateLimitStatus status) {
        Map<String, String> headers = new LinkedHashMap<>();
        RateLimitHeaders.write(status, (name, value) -> {
            names.add(name);
            headers.put(name, value);
        });
        return headers;
    }

    @Test
    void anAllowedCallCarriesLimitRemainingRetryAndTheIetfFieldsOnly() {
        Map<String, String> headers = headers(
                new RateLimitStatus("api_calls", 100, 57, NOW + 30, 60, false, NOW * 1000 + 400));

        assertThat(headers).containsOnly(
                entry("X-Rate-Limit-Limit", "100"),
                entry("X-Rate-Limit-Remaining", "57"),
                entry("X-Rate-Limit-Retry", Long.toString(NOW)),
                entry("RateLimit-Policy", "\"api_calls\";q=100;w=60"),
                entry("RateLimit", "\"api_calls\";r=57;t=30"));
    }

    @Test
    void anAllowedCallWithNothingLeftRetriesAtTheResetButHasNoRetryAfter() {
        Map<String, String> headers = headers(
                new RateLimitStatus("api_calls", 100, 0, NOW + 30, 60, false, NOW * 1000));

        assertThat(headers).containsEntry("X-Rate-Limit-Retry", Long.toString(NOW + 30))
                .doesNotContainKeys("Retry-After", "X-Rate-Limit-Type");
    }

    @Test
    void aRefusalAddsRetryAfterAndTheLimitType() {
        Map<String, String> headers = headers(
                new RateLimitStatus("api_calls_cycle", 100_000, 0, NOW + 86_400, 2_592_000, true, NOW * 1000 + 1));

        assertThat(headers).containsOnly(
                entry("X-Rate-Limit-Limit", "100000"),
                entry("X-Rate-Limit-Remaining", "0"),
                entry("X-Rate-Limit-Retry", Long.toString(NOW + 86_400)),
                entry("Retry-After", "86400"),
                entry("X-Rate-Limit-Type", "api_calls_cycle"),
                entry("RateLimit-Policy", "\"api_calls_cycle\";q=100000;w=2592000"),
                entry("RateLimit", "\"api_calls_cycle\";r=0;t=86400"));
    }

    @Test
    void retryAfterIsAtLeastOneEvenAtTheReset() {
        Map<String, String> headers = headers(
                new RateLimitStatus("client_calls", 5, 0, NOW, 5, true, NOW * 1000));

        assertThat(headers).containsEntry("Retry-After", "1").containsEntry("RateLimit", "\"client_calls\";r=0;t=0");
    }

    @Test
    void everyHeaderIsWrittenOnce() {
        headers(new RateLimitStatus("api_calls", 100, 0, NOW + 30, 60, true, NOW * 1000));

        assertThat(names).hasSize(7).doesNotHaveDuplicates();
    }

    @Test
    void theHeaderNamesAreTheConventionsOnes() {
        assertThat(List.of(RateLimitHeaders.LIMIT, RateLimitHeaders.REMAINING, RateLimitHeaders.RETRY,
                RateLimitHeaders.RETRY_AFTER, RateLimitHeaders.TYPE, RateLimitHeaders.POLICY, RateLimitHeaders.STATE))
                .containsExactly("X-Rate-Limit-Limit", "X-Rate-Limit-Remaining", "X-Rate-Limit-Retry", "Retry-After",
                        "X-Rate-Limit-Type", "RateLimit-Policy", "RateLimit");
    }
}
