package dev.pledge.server.rights;

import java.time.LocalDate;

/**
 * One week of the queue's history, for the chart of requests and answers on time.
 *
 * @param monday the week's first day (ISO weeks, in the rights zone)
 * @param opened requests received that week
 * @param closed requests with a deadline completed or rejected that week
 * @param onTime of those, the ones closed by their deadline
 */
public record RequestWeek(LocalDate monday, long opened, long closed, long onTime) {

  /** The share closed on time, 0–100, or {@code null} when nothing with a deadline closed. */
  public Integer onTimePercent() {
    return closed == 0 ? null : (int) Math.round(onTime * 100.0 / closed);
  }
}
