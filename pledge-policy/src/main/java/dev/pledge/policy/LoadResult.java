package dev.pledge.policy;

import java.util.List;

/**
 * The outcome of loading a policy file: either a policy and no problems, or every problem found.
 *
 * @param policy the policy, or {@code null} when there are problems — a policy with errors is never
 *     handed out, so nothing can enforce or publish half a promise
 * @param problems every problem found, sorted by line and column
 */
public record LoadResult(Policy policy, List<PolicyProblem> problems) {

  public LoadResult {
    problems = List.copyOf(problems);
  }

  /** True when the file loaded without problems. */
  public boolean ok() {
    return problems.isEmpty();
  }
}
