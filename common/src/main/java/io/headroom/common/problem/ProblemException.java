package io.headroom.common.problem;

/**
 * Thrown by domain and service code to answer with a problem; the one error boundary
 * ({@link ProblemMapper}) turns it into {@code application/problem+json}. No stack trace is
 * filled in: these are expected outcomes, not faults.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.type().slug() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
