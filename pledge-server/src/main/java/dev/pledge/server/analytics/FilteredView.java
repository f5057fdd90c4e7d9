package dev.pledge.server.analytics;

import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A filtered dashboard as read from the kept visits.
 *
 * @param range the part of the asked range that filters reach, or null when none does
 * @param daily totals per day with any visit that passes the filter
 * @param rows the top rows of each breakdown asked for
 */
public record FilteredView(
    DashboardRange range,
    Map<LocalDate, DashboardTotals> daily,
    Map<Breakdown, List<DashboardRow>> rows,
    List<GoalRow> goals,
    List<PropertyRow> props) {

  static FilteredView empty(Set<Breakdown> which) {
    Map<Breakdown, List<DashboardRow>> rows = new EnumMap<>(Breakdown.class);
    which.forEach(b -> rows.put(b, List.of()));
    return new FilteredView(null, Map.of(), rows, List.of(), List.of());
  }

  public DashboardTotals totals() {
    DashboardTotals sum = DashboardTotals.ZERO;
    for (DashboardTotals t : daily.values()) {
      sum = sum.plus(t);
    }
    return sum;
  }

  /** The chart over {@code range} (the asked one): days filters do not reach are zero. */
  public List<DashboardPoint> series(DashboardRange asked, Interval interval) {
    return AnalyticsDashboard.buckets(daily, asked, interval);
  }
}
