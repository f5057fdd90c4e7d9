package dev.pledge.server.compliance;

import java.time.Instant;
import java.util.List;

/**
 * What {@code pledge verify} found.
 *
 * @param at when the deployment was inspected
 * @param violations every place the deployment breaks its policy; empty when it keeps it
 * @param notes what was checked and what could not be, for the operator's evidence
 * @param checked the stores checked, as "property store"
 * @param unchecked the stores that could not be checked, each with why: a store that did not
 *     answer, or one the running server registers that this process cannot reach
 */
public record VerifyReport(
    Instant at,
    List<Violation> violations,
    List<String> notes,
    List<String> checked,
    List<UncheckedStore> unchecked) {

  /** A store {@code pledge verify} could not look at, and why. */
  public record UncheckedStore(String property, String store, String why) {}

  public VerifyReport(Instant at, List<Violation> violations, List<String> notes) {
    this(at, violations, notes, List.of(), List.of());
  }

  /** No violation in the stores that could be checked. */
  public boolean clean() {
    return violations.isEmpty();
  }

  /** Every store was checked. */
  public boolean complete() {
    return unchecked.isEmpty();
  }
}
