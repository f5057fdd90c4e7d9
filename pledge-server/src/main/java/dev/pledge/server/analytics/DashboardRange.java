package dev.pledge.server.analytics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * An inclusive range of UTC days for dashboard queries.
 *
 * @param from first day
 * @param to last day (may be today: today is read live from raw events)
 */
public record DashboardRange(LocalDate from, LocalDate to) {

  public DashboardRange {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("the range ends before it starts");
    }
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The range of the same length just before this one, for comparisons. */
  public DashboardRange previous() {
    return new DashboardRange(from.minusDays(days()), from.minusDays(1));
  }
}
