package dev.pledge.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems found in one file. Reading never stops at the first problem, so a person
 * fixes a file in one pass instead of one error per run.
 */
final class ProblemList {

  private final String source;
  private final List<PolicyProblem> problems = new ArrayList<>();

  ProblemList(String source) {
    this.source = source;
  }

  void add(Position at, String field, String message, String example) {
    problems.add(new PolicyProblem(source, at.line(), at.column(), field, message, example));
  }

  /** True when a problem was already reported for {@code field} or anything inside it. */
  boolean reportedAt(String field) {
    return problems.stream()
        .map(PolicyProblem::field)
        .anyMatch(f -> f.equals(field) || f.startsWith(field + ".") || f.startsWith(field + "["));
  }

  /** In file order; the sort is stable, so problems at one spot keep the order they were found. */
  List<PolicyProblem> sorted() {
    List<PolicyProblem> copy = new ArrayList<>(problems);
    copy.sort(Comparator.comparingInt(PolicyProblem::line).thenComparingInt(PolicyProblem::column));
    return copy;
  }
}
