package io.headroom.distribution.antispam;

import java.util.Locale;
import java.util.regex.Pattern;

import io.headroom.common.outbound.OutboundUrl;
import io.headroom.common.problem.FieldErrors;
import io.headroom.common.problem.ProblemException;

/**
 * What an owner tells the operator when requesting the check: the company's website (an http or
 * https URL), the domain its messages come from, and what it sends them for.
 */
public record AntispamRequest(String companyWebsite, String senderDomain, String useCase) {

    public static final int MAX_USE_CASE = 1_000;
    private static final Pattern DOMAIN = Pattern.compile(
            "([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})");

    /** The request with the domain in lower case, or a 400 naming every field in error. */
    public static AntispamRequest validated(AntispamRequest input) {
        FieldErrors errors = new FieldErrors();
        if (input == null) {
            errors.add("body", "is required");
            errors.throwIfAny();
        }
        try {
            OutboundUrl.parse("companyWebsite", input.companyWebsite(), true);
        } catch (ProblemException invalid) {
            errors.add("companyWebsite", input.companyWebsite() == null ? "is required"
                    : "must be an http or https URL of at most 2,000 characters");
        }
        String domain = input.senderDomain() == null ? null : input.senderDomain().toLowerCase(Locale.ROOT);
        if (domain == null || domain.isBlank()) {
            errors.add("senderDomain", "is required");
        } else if (domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
            errors.add("senderDomain", "must be a domain name such as news.example.com");
        }
        if (input.useCase() == null || input.useCase().isBlank()) {
            errors.add("useCase", "is required");
        } else if (input.useCase().length() > MAX_USE_CASE) {
            errors.add("useCase", "must be at most 1,000 characters");
        }
        errors.throwIfAny();
        return new AntispamRequest(input.companyWebsite(), domain, input.useCase().strip());
    }
}
