package dev.pledge.server.compliance;

import java.time.Instant;
import java.util.List;

/**
 * What {@code pledge verify} found.
 *
 * @param at when the deployment was inspected
 * @param violations every place the deployment breaks its policy; empty when it keeps it
 * @param notes what was checked and what could not be, for the operator's evidence
 */
public record VerifyReport(Instant at, List<Violation> violations, List<String> notes) {

  public boolean clean() {
    return violations.isEmpty();
  }
}
