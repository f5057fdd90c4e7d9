package dev.pledge.server.rights;

import java.time.Instant;

/**
 * A manual step of a rights request, for a system outside Pledge.
 *
 * @param id the step's id
 * @param title what to do, e.g. "Ask Example Payments Ltd. (payments) to erase …"
 * @param source {@code policy} (from the policy's processors and stores) or {@code operator}
 * @param addedBy who added it
 * @param doneAt when it was marked done, or {@code null} while open
 * @param doneBy the operator who marked it done
 * @param evidence what proves it done, e.g. "ticket #123 at the payment provider"
 */
public record RequestStep(
    long id,
    String title,
    String source,
    String addedBy,
    Instant doneAt,
    String doneBy,
    String evidence) {

  public boolean done() {
    return doneAt != null;
  }
}
