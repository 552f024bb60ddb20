package io.headroom.notification.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.headroom.common.problem.Problem;
import io.headroom.common.problem.ProblemException;
import io.headroom.common.problem.ProblemType;
import io.headroom.notification.rule.Metric;
import io.headroom.notification.rule.NotificationSettings;
import io.headroom.notification.rule.Rule;

/** The checks of a settings body (spec: notification-service §1), each naming the field in error. */
class SettingsValidatorTest {

    private static final SettingsInput.EmailInput TO_OWNER = new SettingsInput.EmailInput(true, List.of());
    private static final SettingsInput.InAppInput IN_APP = new SettingsInput.InAppInput(true);

    @Test
    void aValidBodyBecomesTheSettings() {
        SettingsInput input = body(
                new SettingsInput.RuleInput("api_calls", percents(100, 50, 80), null,
                        new SettingsInput.EmailInput(true, List.of("ops@example.com", "Finance@Example.org")),
                        IN_APP),
                new SettingsInput.RuleInput("webhook_calls", null, true,
                        new SettingsInput.EmailInput(false, List.of()), new SettingsInput.InAppInput(false)));

        NotificationSettings settings = SettingsValidator.validate(input);

        assertThat(settings.rules()).extracting(Rule::metric).containsExactly(Metric.API_CALLS, Metric.WEBHOOK_CALLS);
        Rule apiCalls = settings.rule(Metric.API_CALLS);
        assertThat(apiCalls.thresholds()).containsExactly(50, 80, 100);
        assertThat(apiCalls.hourlyAlert()).isFalse();
        assertThat(apiCalls.email()).isEqualTo(new Rule.Email(true, List.of("ops@example.com", "Finance@Example.org")));
        assertThat(apiCalls.inApp()).isEqualTo(Rule.InApp.ON);
        Rule webhooks = settings.rule(Metric.WEBHOOK_CALLS);
        assertThat(webhooks.thresholds()).isEmpty();
        assertThat(webhooks.hourlyAlert()).isTrue();
        assertThat(webhooks.email()).isEqualTo(Rule.Email.OFF);
        assertThat(webhooks.inApp()).isEqualTo(Rule.InApp.OFF);
    }

    @Test
    void everyMetricOfTheSpecIsAccepted() {
        List<SettingsInput.RuleInput> rules = new ArrayList<>();
        for (String metric : List.of("api_calls", "bulk_api_calls", "redemptions", "webhook_calls",
                "distribution_messages")) {
            rules.add(new SettingsInput.RuleInput(metric, percents(80), null, TO_OWNER, IN_APP));
        }

        NotificationSettings settings = SettingsValidator.validate(new SettingsInput(rules));

        assertThat(settings.rules()).extracting(Rule::metric).containsExactly(Metric.API_CALLS,
                Metric.BULK_API_CALLS, Metric.REDEMPTIONS, Metric.WEBHOOK_CALLS, Metric.DISTRIBUTION_MESSAGES);
    }

    @Test
    void theBoundsAreAccepted() {
        List<String> tenRecipients = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            tenRecipients.add("ops" + i + "@example.com");
        }
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls",
                percents(1, 10, 20, 30, 40, 50, 60, 70, 80, 100), false,
                new SettingsInput.EmailInput(true, tenRecipients), IN_APP));

        Rule rule = SettingsValidator.validate(input).rule(Metric.API_CALLS);

        assertThat(rule.thresholds()).hasSize(10).startsWith(1).endsWith(100);
        assertThat(rule.email().recipients()).hasSize(10);
    }

    @Test
    void longThresholdsAreWholePercentagesToo() {
        Rule rule = SettingsValidator.validate(body(new SettingsInput.RuleInput("api_calls", percents(80L, 100L), null,
                TO_OWNER, IN_APP))).rule(Metric.API_CALLS);

        assertThat(rule.thresholds()).containsExactly(80, 100);
    }

    @Test
    void missingRecipientsMeanTheOwner() {
        Rule rule = SettingsValidator.validate(body(new SettingsInput.RuleInput("redemptions", percents(90), null,
                new SettingsInput.EmailInput(true, null), IN_APP))).rule(Metric.REDEMPTIONS);

        assertThat(rule.email()).isEqualTo(Rule.Email.TO_OWNER);
    }

    @Test
    void anEmptyRuleListIsValidAndNotifiesNothing() {
        assertThat(SettingsValidator.validate(new SettingsInput(List.of())).rules()).isEmpty();
    }

    @Test
    void eachWrongThresholdIsNamedByItsIndex() {
        List<Number> wrong = Arrays.asList(0, 101, -1, 50.5, null, 50, 1_000L, Long.MAX_VALUE,
                new BigInteger("100000000000000000000"));
        for (Number value : wrong) {
            SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(50, value), null, TO_OWNER,
                    IN_APP));

            assertThat(fieldsOf(input)).as("threshold %s", value).containsExactly("rules[0].thresholds[1]");
        }
    }

    @Test
    void aDuplicateThresholdIsNamed() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(50, 80, 50), null, TO_OWNER,
                IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].thresholds[2]");
    }

    @Test
    void moreThanTenThresholdsAreRefused() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls",
                percents(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), null, TO_OWNER, IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].thresholds");
    }

    @Test
    void moreThanTenRecipientsAreRefused() {
        List<String> eleven = new ArrayList<>();
        for (int i = 1; i <= 11; i++) {
            eleven.add("ops" + i + "@example.com");
        }
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null,
                new SettingsInput.EmailInput(true, eleven), IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].email.recipients");
    }

    @Test
    void anInvalidAddressIsNamedByItsIndex() {
        for (String address : Arrays.asList("not-an-address", "ops@example", "Ops <ops@example.com>",
                "ops@example.com\r\nBcc: victim@example.org", "", null)) {
            SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null,
                    new SettingsInput.EmailInput(true, Arrays.asList("ops@example.com", address)), IN_APP));

            assertThat(fieldsOf(input)).as("[%s]", address).containsExactly("rules[0].email.recipients[1]");
        }
    }

    @Test
    void aDuplicateAddressIsNamedWhateverItsCase() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null,
                new SettingsInput.EmailInput(true,
                        List.of("Ops@Example.com", "finance@example.com", "ops@example.COM")),
                IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].email.recipients[2]");
    }

    @Test
    void anUnknownMetricIsNamed() {
        for (String metric : List.of("api_call", "API_CALLS", "sms", "")) {
            SettingsInput input = body(new SettingsInput.RuleInput(metric, percents(80), null, TO_OWNER, IN_APP));

            assertThat(fieldsOf(input)).as("[%s]", metric).containsExactly("rules[0].metric");
        }
    }

    @Test
    void aMissingMetricIsNamed() {
        SettingsInput input = body(new SettingsInput.RuleInput(null, percents(80), null, TO_OWNER, IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].metric");
    }

    @Test
    void aSecondRuleForOneMetricIsNamed() {
        SettingsInput input = body(
                new SettingsInput.RuleInput("api_calls", percents(80), null, TO_OWNER, IN_APP),
                new SettingsInput.RuleInput("redemptions", percents(80), null, TO_OWNER, IN_APP),
                new SettingsInput.RuleInput("api_calls", percents(100), null, TO_OWNER, IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[2].metric");
    }

    @Test
    void theHourlyAlertAppliesToWebhookCallsOnly() {
        for (String metric : List.of("api_calls", "bulk_api_calls", "redemptions", "distribution_messages")) {
            SettingsInput input = body(new SettingsInput.RuleInput(metric, percents(80), true, TO_OWNER, IN_APP));

            assertThat(fieldsOf(input)).as(metric).containsExactly("rules[0].hourlyAlert");
        }
        SettingsInput off = body(new SettingsInput.RuleInput("api_calls", percents(80), false, TO_OWNER, IN_APP));
        assertThat(SettingsValidator.validate(off).rule(Metric.API_CALLS).hourlyAlert()).isFalse();
    }

    @Test
    void aMissingEmailIsNamed() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null, null, IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].email");
    }

    @Test
    void aMissingEmailEnabledIsNamed() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null,
                new SettingsInput.EmailInput(null, List.of()), IN_APP));

        assertThat(fieldsOf(input)).containsExactly("rules[0].email.enabled");
    }

    @Test
    void aMissingInAppIsNamed() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null, TO_OWNER, null));

        assertThat(fieldsOf(input)).containsExactly("rules[0].inApp");
    }

    @Test
    void aMissingInAppEnabledIsNamed() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), null, TO_OWNER,
                new SettingsInput.InAppInput(null)));

        assertThat(fieldsOf(input)).containsExactly("rules[0].inApp.enabled");
    }

    @Test
    void aMissingBodyOrRuleListIsNamed() {
        assertThat(fieldsOf(null)).containsExactly("rules");
        assertThat(fieldsOf(new SettingsInput(null))).containsExactly("rules");
    }

    @Test
    void aMissingRuleIsNamedByItsIndex() {
        SettingsInput input = new SettingsInput(Arrays.asList(
                new SettingsInput.RuleInput("api_calls", percents(80), null, TO_OWNER, IN_APP), null));

        assertThat(fieldsOf(input)).containsExactly("rules[1]");
    }

    @Test
    void moreRulesThanMetricsAreRefused() {
        List<SettingsInput.RuleInput> six = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            six.add(new SettingsInput.RuleInput("api_calls", percents(80), null, TO_OWNER, IN_APP));
        }

        assertThat(fieldsOf(new SettingsInput(six))).containsExactly("rules");
    }

    @Test
    void everyErrorOfOneBodyIsListed() {
        SettingsInput input = body(
                new SettingsInput.RuleInput("nope", percents(0, 50), true, null, new SettingsInput.InAppInput(null)),
                new SettingsInput.RuleInput("api_calls", percents(50, 50), null,
                        new SettingsInput.EmailInput(true, List.of("bad")), IN_APP),
                new SettingsInput.RuleInput("api_calls", percents(80), null, TO_OWNER, IN_APP));

        Problem problem = problemOf(input);

        assertThat(fields(problem)).containsExactlyInAnyOrder("rules[0].metric", "rules[0].thresholds[0]",
                "rules[0].email", "rules[0].inApp.enabled", "rules[1].thresholds[1]", "rules[1].email.recipients[0]",
                "rules[2].metric");
        for (Object error : (List<?>) problem.extensions().get("errors")) {
            assertThat(((Problem.FieldError) error).message()).isNotBlank();
        }
    }

    @Test
    void aSingleErrorIsTheDetail() {
        SettingsInput input = body(new SettingsInput.RuleInput("api_calls", percents(80), true, TO_OWNER, IN_APP));

        Problem problem = problemOf(input);

        assertThat(problem.detail()).startsWith("rules[0].hourlyAlert ");
        assertThat(problem.body(null)).containsKey("errors");
    }

    // --- helpers ---------------------------------------------------------------------------

    private static SettingsInput body(SettingsInput.RuleInput... rules) {
        return new SettingsInput(Arrays.asList(rules));
    }

    /** A thresholds list as Jackson gives it: any Number, nulls included. */
    private static List<Number> percents(Number... values) {
        return Arrays.asList(values);
    }

    private static List<String> fieldsOf(SettingsInput input) {
        return fields(problemOf(input));
    }

    private static List<String> fields(Problem problem) {
        List<String> fields = new ArrayList<>();
        for (Object error : (List<?>) problem.extensions().get("errors")) {
            fields.add(((Problem.FieldError) error).field());
        }
        return fields;
    }

    /** The {@code validation} problem the input answers; fails when it is accepted. */
    private static Problem problemOf(SettingsInput input) {
        NotificationSettings accepted;
        try {
            accepted = SettingsValidator.validate(input);
        } catch (ProblemException e) {
            assertThat(e.problem().type()).isEqualTo(ProblemType.VALIDATION);
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().extensions().get("errors")).isInstanceOf(List.class);
            return e.problem();
        }
        throw new AssertionError("expected a validation problem, but the input was accepted as " + accepted);
    }
}
