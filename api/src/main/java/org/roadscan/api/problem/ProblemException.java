package org.roadscan.api.problem;

/**
 * Carries a {@link Problem} to the one failure handler that turns it into a response. Thrown or
 * passed to {@code RoutingContext.fail} by handlers; no stack trace is captured, since a problem
 * is an expected answer to a client's input, not a fault.
 */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public ProblemException(ProblemType type, String detail, String field) {
    this(Problem.of(type, detail, field));
  }

  public Problem problem() {
    return problem;
  }
}
