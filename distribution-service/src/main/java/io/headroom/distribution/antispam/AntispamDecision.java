package io.headroom.distribution.antispam;

import io.headroom.common.problem.FieldErrors;
import io.headroom.distribution.limit.AntispamState;

/** The operator's decision on a pending check: {@code passed} or {@code rejected}, with an optional reason. */
public record AntispamDecision(String decision, String reason) {

    public static final int MAX_REASON = 1_000;

    /** The decided state, or a 400. */
    public static AntispamState validated(AntispamDecision input) {
        FieldErrors errors = new FieldErrors();
        AntispamState state = null;
        if (input == null || input.decision() == null) {
            errors.add("decision", "is required");
        } else if ("passed".equals(input.decision())) {
            state = AntispamState.PASSED;
        } else if ("rejected".equals(input.decision())) {
            state = AntispamState.REJECTED;
        } else {
            errors.add("decision", "must be passed or rejected");
        }
        if (input != null && input.reason() != null && input.reason().length() > MAX_REASON) {
            errors.add("reason", "must be at most 1,000 characters");
        }
        errors.throwIfAny();
        return state;
    }
}
