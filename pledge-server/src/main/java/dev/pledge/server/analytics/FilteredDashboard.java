package dev.pledge.server.analytics;

import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The dashboard narrowed by filters: any combination of a page, an entry or exit page,
 * a source, a channel, a browser, an OS, a device, a country, a campaign tag, a goal or a custom
 * property value. The rollups count each breakdown on its own and cannot answer that, so a filtered
 * dashboard is read from the kept visits ({@link VisitQuery}) — which reach back as far as the
 * policy keeps raw analytics (90 days for the reference site, A-18) and no further. Without a
 * filter every method gives what {@link AnalyticsDashboard} gives.
 */
@Service
public class FilteredDashboard {

  private final AnalyticsDashboard dashboard;
  private final VisitQuery visits;
  private final LiveToday live;
  private final AnalyticsPartitions partitions;
  private final AnalyticsGoals goals;

  FilteredDashboard(
      AnalyticsDashboard dashboard,
      VisitQuery visits,
      LiveToday live,
      AnalyticsPartitions partitions,
      AnalyticsGoals goals) {
    this.dashboard = dashboard;
    this.visits = visits;
    this.live = live;
    this.partitions = partitions;
    this.goals = goals;
  }

  /**
   * The first day filters reach: the oldest day whose raw events, and so whose visits, are still
   * kept. Before it only the rollups remain.
   */
  public LocalDate firstFilterableDay(String propertyId) {
    return partitions.days(propertyId).stream().findFirst().orElse(dashboard.today());
  }

  /** The part of {@code range} that filters reach, or empty when it lies wholly before. */
  public Optional<DashboardRange> filterable(String propertyId, DashboardRange range) {
    LocalDate first = firstFilterableDay(propertyId);
    if (range.to().isBefore(first)) {
      return Optional.empty();
    }
    return Optional.of(
        new DashboardRange(range.from().isBefore(first) ? first : range.from(), range.to()));
  }

  /**
   * What a filtered dashboard shows, read in one statement from the visits of the part of {@code
   * range} filters reach.
   */
  public FilteredView view(
      String propertyId,
      DashboardRange range,
      DashboardFilter filter,
      Set<Breakdown> which,
      int pageLimit,
      int limit,
      int propLimit) {
    Optional<DashboardRange> reach = filterable(propertyId, range);
    if (reach.isEmpty()) {
      return FilteredView.empty(which);
    }
    List<AnalyticsGoals.SetGoal> set = goals.of(propertyId);
    VisitQuery.Answer a =
        read(
            propertyId,
            reach.get(),
            filter,
            new VisitQuery.Ask(
                which,
                pageLimit,
                limit,
                set.stream().map(AnalyticsGoals.SetGoal::goal).toList(),
                propLimit));
    Map<Breakdown, List<DashboardRow>> rows = new EnumMap<>(Breakdown.class);
    a.rows()
        .forEach(
            (by, list) ->
                rows.put(
                    by,
                    AnalyticsDashboard.top(list, by, by.countsPageViews() ? pageLimit : limit)));
    return new FilteredView(
        reach.get(), a.daily(), rows, GoalConversions.rows(set, a.goals()), a.props());
  }

  /** Headline numbers; with a filter, over the part of the range filters reach. */
  public DashboardTotals totals(String propertyId, DashboardRange range, DashboardFilter filter) {
    if (filter.isEmpty()) {
      return dashboard.totals(propertyId, range);
    }
    Optional<DashboardRange> reach = filterable(propertyId, range);
    return reach.isEmpty()
        ? DashboardTotals.ZERO
        : sum(read(propertyId, reach.get(), filter, VisitQuery.Ask.totalsOnly()).daily());
  }

  /** The chart's points; with a filter, days filters do not reach are zero. */
  public List<DashboardPoint> series(
      String propertyId, DashboardRange range, Interval interval, DashboardFilter filter) {
    if (filter.isEmpty()) {
      return dashboard.series(propertyId, range, interval);
    }
    Optional<DashboardRange> reach = filterable(propertyId, range);
    Map<LocalDate, DashboardTotals> daily =
        reach.isEmpty()
            ? Map.of()
            : read(propertyId, reach.get(), filter, VisitQuery.Ask.totalsOnly()).daily();
    return AnalyticsDashboard.buckets(daily, range, interval);
  }

  /** The top rows of breakdowns, narrowed by the filter. */
  public Map<Breakdown, List<DashboardRow>> breakdowns(
      String propertyId,
      DashboardRange range,
      Set<Breakdown> which,
      int limit,
      DashboardFilter filter) {
    if (filter.isEmpty()) {
      return dashboard.breakdowns(propertyId, range, which, limit);
    }
    return view(propertyId, range, filter, which, limit, limit, 0).rows();
  }

  /** Reads the visits; a range with today first makes sure today's visits are written. */
  VisitQuery.Answer read(
      String propertyId, DashboardRange range, DashboardFilter filter, VisitQuery.Ask ask) {
    if (!range.to().isBefore(dashboard.today())) {
      live.of(propertyId);
    }
    return visits.answer(propertyId, range, filter, ask);
  }

  private static DashboardTotals sum(Map<LocalDate, DashboardTotals> daily) {
    DashboardTotals sum = DashboardTotals.ZERO;
    for (DashboardTotals t : daily.values()) {
      sum = sum.plus(t);
    }
    return sum;
  }
}
