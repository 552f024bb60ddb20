package io.headroom.common.problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with a request body, so that one 400 {@code validation} names every field
 * in error ({@code errors: [{field, message}]}) rather than the first only.
 */
public final class FieldErrors {

    private final List<Problem.FieldError> errors = new ArrayList<>();

    public void add(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws the {@code validation} problem when anything was added. */
    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid";
        throw Problem.of(ProblemType.VALIDATION).detail(detail).errors(errors).exception();
    }
}
