package dev.pledge.server.incidents;

import java.time.Duration;
import java.time.Instant;

/**
 * One of an incident's deadlines from the policy.
 *
 * @param key {@code contain}, {@code regulator} or {@code people}
 * @param label what must happen, for people
 * @param period the policy's time for it
 * @param due when it is due
 * @param metAt when it was done, or {@code null}
 */
record IncidentClock(String key, String label, Duration period, Instant due, Instant metAt) {

  boolean met() {
    return metAt != null;
  }

  /**
   * When the operators are warned that it is coming: with a quarter of its time left (6 hours of
   * 24, 18 of 72), late enough not to cry wolf and early enough to act; a clock of "at once" has no
   * warning, only its deadline.
   */
  Instant warnAt() {
    return due.minus(period.dividedBy(4));
  }

  /** "due in 5 h 20 min", "overdue by 2 h 5 min", "met 2026-12-06 10:00 UTC". */
  String state(Instant now) {
    if (metAt != null) {
      return "met " + IncidentWords.moment(metAt) + (metAt.isAfter(due) ? " (late)" : "");
    }
    Duration left = Duration.between(now, due);
    if (left.isNegative() || left.isZero()) {
      return "overdue by " + IncidentWords.duration(left.negated());
    }
    return "due in " + IncidentWords.duration(left);
  }

  boolean overdue(Instant now) {
    return metAt == null && !now.isBefore(due);
  }
}
