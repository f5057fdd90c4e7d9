package dev.pledge.server.rights;

import java.time.Instant;

/**
 * When a request must be answered, and why.
 *
 * @param dueAt the deadline, or {@code null} when nothing promises one
 * @param basis which rule set it, for people: "gdpr: P1M" or "policy general: P5D business days"
 * @param extendedDueAt the latest deadline an extension with a reason may set, or {@code null} when
 *     an applicable rule allows none
 */
record RequestDeadline(Instant dueAt, String basis, Instant extendedDueAt) {

  boolean extendable() {
    return extendedDueAt != null && dueAt != null && extendedDueAt.isAfter(dueAt);
  }
}
