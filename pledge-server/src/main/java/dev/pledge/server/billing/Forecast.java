package dev.pledge.server.billing;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;

/**
 * How long the credits last at the recent pace (B-04): the average daily use over the last {@link
 * #WINDOW} days, today included — days without use count as zero — and the balance divided by it,
 * rounded down. No use in the window: no forecast (the credits last indefinitely at that pace).
 *
 * @param windowDays the days averaged over
 * @param usedInWindow credits used in them (charges less refunds)
 * @param perDay the average per day
 * @param daysLeft whole days the balance lasts at that pace, or null without recent use
 * @param runsOutOn the day it runs out at that pace, or null
 */
record Forecast(
    int windowDays, long usedInWindow, double perDay, Long daysLeft, LocalDate runsOutOn) {

  static final int WINDOW = 14;

  /**
   * @param dailyUse credits used per day; days before {@code today - WINDOW + 1} and after {@code
   *     today} are ignored, missing days count as zero
   */
  static Forecast of(long balance, Map<LocalDate, Long> dailyUse, LocalDate today) {
    LocalDate first = today.minusDays(WINDOW - 1L);
    long used = 0;
    for (Map.Entry<LocalDate, Long> d : dailyUse.entrySet()) {
      if (!d.getKey().isBefore(first) && !d.getKey().isAfter(today)) {
        used += d.getValue();
      }
    }
    if (used <= 0) {
      return new Forecast(WINDOW, Math.max(used, 0), 0, null, null);
    }
    double perDay = (double) used / WINDOW;
    long days = (long) Math.floor(Math.max(balance, 0) / perDay);
    return new Forecast(WINDOW, used, perDay, days, today.plusDays(days));
  }

  public boolean available() {
    return daysLeft != null;
  }

  /** The average, one decimal, for the page. */
  public String perDayText() {
    return String.format(Locale.ROOT, "%.1f", perDay);
  }
}
