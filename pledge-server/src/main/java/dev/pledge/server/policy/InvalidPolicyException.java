package dev.pledge.server.policy;

import java.util.List;

/** A policy file Pledge was asked to serve does not load; the message lists every problem. */
public class InvalidPolicyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public InvalidPolicyException(String source, List<String> problems) {
    super(
        "The policy "
            + source
            + " is not valid; fix these and start again:\n  "
            + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
