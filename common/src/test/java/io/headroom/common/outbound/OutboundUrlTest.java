package io.headroom.common.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemException;
import io.headroom.common.problem.ProblemType;

/**
 * spec/conventions.md, "Outbound HTTP": "URLs that users supply are {@code http} or {@code https}
 * only, at most 2,000 characters", and a loopback, link-local or private address is refused unless
 * private addresses are allowed.
 */
class OutboundUrlTest {

    private static final String FIELD = "url";

    /** Asserts parsing {@code text} fails with a validation problem naming {@link #FIELD}; its message. */
    private static String refusal(String text, boolean allowPrivate) {
        ProblemException e = catchThrowableOfType(ProblemException.class,
                () -> OutboundUrl.parse(FIELD, text, allowPrivate));

        assertThat(e).as("parsing %s", text).isNotNull();
        Problem problem = e.problem();
        assertThat(problem.type()).isEqualTo(ProblemType.VALIDATION);
        assertThat(problem.status()).isEqualTo(400);
        List<?> errors = (List<?>) problem.extensions().get("errors");
        assertThat(errors).hasSize(1).first().isInstanceOf(Problem.FieldError.class);
        Problem.FieldError error = (Problem.FieldError) errors.get(0);
        assertThat(error.field()).isEqualTo(FIELD);
        assertThat(problem.detail()).startsWith(FIELD + " ");
        return error.message();
    }

    private static String refusal(String text) {
        return refusal(text, false);
    }

    @Test
    void anHttpOrHttpsUrlWithAHostIsAcceptedAsWrittenQueryIncluded() {
        URI https = OutboundUrl.parse(FIELD, "https://hooks.example.com/in?token=abc&x=1", false);
        URI http = OutboundUrl.parse(FIELD, "http://8.8.8.8:8080/hook", false);

        assertThat(https.getScheme()).isEqualTo("https");
        assertThat(https.getHost()).isEqualTo("hooks.example.com");
        assertThat(https.getPath()).isEqualTo("/in");
        assertThat(https.getRawQuery()).isEqualTo("token=abc&x=1");
        assertThat(http.getHost()).isEqualTo("8.8.8.8");
        assertThat(http.getPort()).isEqualTo(8080);
    }

    @Test
    void theSchemeIsMatchedWithoutRegardToCase() {
        assertThat(OutboundUrl.parse(FIELD, "HTTPS://example.com/", false).getHost()).isEqualTo("example.com");
    }

    @Test
    void aUrlIsRequired() {
        assertThat(refusal(null)).isEqualTo("is required");
        assertThat(refusal("")).isEqualTo("is required");
        assertThat(refusal("   ")).isEqualTo("is required");
    }

    @Test
    void schemesOtherThanHttpAndHttpsAreRefused() {
        assertThat(refusal("ftp://example.com/file")).contains("http or https");
        assertThat(refusal("file:///etc/passwd")).contains("http or https");
        assertThat(refusal("gopher://example.com/")).contains("http or https");
    }

    @Test
    void aRelativeUrlIsRefused() {
        assertThat(refusal("/hooks/in")).contains("http or https");
        assertThat(refusal("example.com/hooks")).contains("http or https");
    }

    @Test
    void aUrlWithoutAHostIsRefused() {
        assertThat(refusal("http:///hooks")).contains("with a host");
        assertThat(refusal("http:hooks")).contains("with a host");
        assertThat(refusal("https://")).contains("http or https");
    }

    @Test
    void aUrlThatIsNotAUriAtAllIsRefused() {
        assertThat(refusal("https://example.com/a b")).contains("http or https");
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        assertThat(refusal("https://user:secret@example.com/")).isEqualTo("must not contain credentials");
        assertThat(refusal("https://token@example.com/")).isEqualTo("must not contain credentials");
    }

    @Test
    void aUrlOfTwoThousandCharactersIsAcceptedAndOneMoreIsRefused() {
        String prefix = "https://example.com/";
        String atLimit = prefix + "a".repeat(OutboundUrl.MAX_LENGTH - prefix.length());

        assertThat(atLimit).hasSize(2_000);
        assertThat(OutboundUrl.parse(FIELD, atLimit, false).getHost()).isEqualTo("example.com");
        assertThat(refusal(atLimit + "a")).isEqualTo("must be at most 2,000 characters");
    }

    @Test
    void aPrivateOrLoopbackLiteralIsRefusedWhenPrivateAddressesAreNotAllowed() {
        String message = "must not point to a loopback, link-local or private address";

        assertThat(refusal("http://127.0.0.1/")).isEqualTo(message);
        assertThat(refusal("http://[::1]:8080/x")).isEqualTo(message);
        assertThat(refusal("http://10.0.0.1/")).isEqualTo(message);
        assertThat(refusal("http://169.254.169.254/latest")).isEqualTo(message);
        assertThat(refusal("http://[::ffff:127.0.0.1]/")).isEqualTo(message);
        assertThat(refusal("http://[64:ff9b::a00:1]/")).isEqualTo(message);
    }

    @Test
    void theSameLiteralsAreAcceptedWhenPrivateAddressesAreAllowed() {
        assertThat(OutboundUrl.parse(FIELD, "http://127.0.0.1/", true).getHost()).isEqualTo("127.0.0.1");
        assertThat(OutboundUrl.parse(FIELD, "http://[::1]:8080/x", true).getPort()).isEqualTo(8080);
        assertThat(OutboundUrl.parse(FIELD, "http://10.0.0.1/", true).getHost()).isEqualTo("10.0.0.1");
        assertThat(OutboundUrl.parse(FIELD, "http://169.254.169.254/latest", true).getPath()).isEqualTo("/latest");
    }

    @Test
    void theOtherRulesStillApplyWhenPrivateAddressesAreAllowed() {
        assertThat(refusal("ftp://127.0.0.1/", true)).contains("http or https");
        assertThat(refusal("http://user:pw@127.0.0.1/", true)).isEqualTo("must not contain credentials");
    }

    /**
     * "A host name is checked after DNS resolution, on every request" (OutboundUrl): parsing never
     * resolves, so {@code localhost} passes here and is refused by OutboundHttp at request time.
     */
    @Test
    void aHostNameIsNotCheckedAtParseTimeEvenIfItWouldResolveToLoopback() {
        assertThat(OutboundUrl.parse(FIELD, "http://localhost/", false).getHost()).isEqualTo("localhost");
        assertThat(OutboundUrl.literal("localhost")).isNull();
    }

    @Test
    void aDottedQuadWithAnOctetAbove255IsNotAnIpLiteral() {
        assertThat(OutboundUrl.literal("999.1.1.1")).isNull();
        assertThat(OutboundUrl.literal("10.0.0.256")).isNull();
    }

    /**
     * java.net.URI itself does not read {@code 999.1.1.1} as a server (its last label starts with a
     * digit, so it is neither an IPv4 address nor a host name): the authority is registry-based,
     * {@code getHost()} is null, and the URL is refused as having no host.
     */
    @Test
    void aUrlWhoseHostIsADottedQuadAbove255HasNoHostAndIsRefused() {
        assertThat(URI.create("http://999.1.1.1/").getHost()).isNull();
        assertThat(refusal("http://999.1.1.1/")).contains("with a host");
    }

    @Test
    void ipLiteralsAreParsedWithoutDns() {
        assertThat(OutboundUrl.literal("10.0.0.1").getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(OutboundUrl.literal("[::1]").isLoopbackAddress()).isTrue();
        assertThat(OutboundUrl.literal("example.com")).isNull();
    }

    @Test
    void aPortOutsideOneTo65535IsRefusedWhenSetNotWhenCalled() {
        assertThat(refusal("http://example.com:99999/")).isEqualTo("must have a port from 1 to 65535");
        assertThat(refusal("http://example.com:0/")).isEqualTo("must have a port from 1 to 65535");
        assertThat(OutboundUrl.parse(FIELD, "http://example.com:65535/", false).getPort()).isEqualTo(65_535);
    }

    @Test
    void aFailedRequestIsDescribedByAFixedPhraseNeverByItsClassOrMessage() {
        assertThat(OutboundHttp.describe(new RuntimeException(new java.net.ConnectException("Connection refused: /10.0.0.1"))))
                .isEqualTo("the connection was refused");
        assertThat(OutboundHttp.describe(new javax.net.ssl.SSLHandshakeException("sun.security.validator.ValidatorException")))
                .isEqualTo("the TLS handshake failed");
        assertThat(OutboundHttp.describe(new IllegalStateException("io.netty.Something at 0x1"))).isEqualTo("the request failed");
    }
}
