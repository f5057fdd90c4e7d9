package dev.pledge.server.analytics;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The goals' conversions and the custom properties' values over a range. Without a filter, closed
 * days come from the rollups — event goals from the events' daily counts (their whole history),
 * page goals from their own daily counts since they were set, properties from their daily counts —
 * and today from the visits; with a filter, everything from the visits that pass it.
 */
@Service
public class GoalConversions {

  private final JdbcClient jdbc;
  private final AnalyticsDashboard dashboard;
  private final FilteredDashboard filtered;
  private final AnalyticsGoals goals;

  GoalConversions(
      JdbcClient jdbc,
      AnalyticsDashboard dashboard,
      FilteredDashboard filtered,
      AnalyticsGoals goals) {
    this.jdbc = jdbc;
    this.dashboard = dashboard;
    this.filtered = filtered;
    this.goals = goals;
  }

  /** The custom events the property's policy declares, by name. */
  public List<String> declaredEvents(String propertyId) {
    return List.copyOf(goals.declaredEvents(propertyId).keySet());
  }

  /** Every goal set for the property, most converting first. */
  public List<GoalRow> goals(String propertyId, DashboardRange range, DashboardFilter filter) {
    List<AnalyticsGoals.SetGoal> set = goals.of(propertyId);
    if (set.isEmpty()) {
      return List.of();
    }
    if (!filter.isEmpty()) {
      return filtered.view(propertyId, range, filter, Set.of(), 0, 0, 0).goals();
    }
    Map<Goal, long[]> sums = new LinkedHashMap<>();
    set.forEach(g -> sums.put(g.goal(), new long[2]));
    LocalDate today = dashboard.today();
    LocalDate closedTo = range.to().isBefore(today) ? range.to() : today.minusDays(1);
    if (!closedTo.isBefore(range.from())) {
      jdbc.sql(
              """
              select 'event' as kind, name as target, sum(visitors) as visitors,
                     sum(events) as conversions
              from analytics_daily_event
              where property_id = :p and day between :from and :to and name in (:events)
              group by name
              union all
              select 'page', pattern, sum(visitors), sum(conversions)
              from analytics_daily_page_goal
              where property_id = :p and day between :from and :to and pattern in (:patterns)
              group by pattern
              """)
          .param("p", propertyId)
          .param("from", range.from())
          .param("to", closedTo)
          .param("events", targets(set, Goal.Kind.EVENT))
          .param("patterns", targets(set, Goal.Kind.PAGE))
          .query(
              rs -> {
                Goal g =
                    new Goal(
                        Goal.Kind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
                        rs.getString("target"));
                long[] sum = sums.get(g);
                if (sum != null) {
                  sum[0] += rs.getLong("visitors");
                  sum[1] += rs.getLong("conversions");
                }
              });
    }
    if (includesToday(range, today)) {
      today(propertyId, today, VisitQuery.Ask.conversions(List.copyOf(sums.keySet()), 0))
          .goals()
          .forEach(
              (g, n) -> {
                long[] sum = sums.get(g);
                sum[0] += n[0];
                sum[1] += n[1];
              });
    }
    return rows(set, sums);
  }

  /** The most frequent custom property values, most visitors first. */
  public List<PropertyRow> properties(
      String propertyId, DashboardRange range, DashboardFilter filter, int limit) {
    if (!filter.isEmpty()) {
      return filtered.view(propertyId, range, filter, Set.of(), 0, 0, limit).props();
    }
    Map<List<String>, PropertyRow> rows = new LinkedHashMap<>();
    LocalDate today = dashboard.today();
    LocalDate closedTo = range.to().isBefore(today) ? range.to() : today.minusDays(1);
    if (!closedTo.isBefore(range.from())) {
      jdbc.sql(
              """
              select name, key, value, sum(visitors) as visitors, sum(events) as events
              from analytics_daily_event_prop
              where property_id = :p and day between :from and :to
              group by name, key, value
              order by sum(visitors) desc, sum(events) desc, name, key, value
              limit :limit
              """)
          .param("p", propertyId)
          .param("from", range.from())
          .param("to", closedTo)
          .param("limit", limit + 50)
          .query(
              (rs, i) ->
                  new PropertyRow(
                      rs.getString("name"),
                      rs.getString("key"),
                      rs.getString("value"),
                      rs.getLong("visitors"),
                      rs.getLong("events")))
          .list()
          .forEach(r -> rows.put(List.of(r.event(), r.key(), r.value()), r));
    }
    if (includesToday(range, today) && !goals.declaredEvents(propertyId).isEmpty()) {
      today(propertyId, today, VisitQuery.Ask.conversions(List.of(), limit + 50))
          .props()
          .forEach(
              r -> rows.merge(List.of(r.event(), r.key(), r.value()), r, GoalConversions::plus));
    }
    return rows.values().stream()
        .sorted(
            Comparator.comparingLong(PropertyRow::visitors)
                .thenComparingLong(PropertyRow::events)
                .reversed()
                .thenComparing(PropertyRow::event)
                .thenComparing(PropertyRow::key)
                .thenComparing(PropertyRow::value))
        .limit(limit)
        .toList();
  }

  /** Today, which the rollups do not hold yet: from today's visits. */
  private VisitQuery.Answer today(String propertyId, LocalDate today, VisitQuery.Ask ask) {
    return filtered.read(propertyId, new DashboardRange(today, today), DashboardFilter.NONE, ask);
  }

  private static PropertyRow plus(PropertyRow a, PropertyRow b) {
    return new PropertyRow(
        a.event(), a.key(), a.value(), a.visitors() + b.visitors(), a.events() + b.events());
  }

  private static boolean includesToday(DashboardRange range, LocalDate today) {
    return !range.to().isBefore(today) && !range.from().isAfter(today);
  }

  private static List<String> targets(List<AnalyticsGoals.SetGoal> set, Goal.Kind kind) {
    List<String> out =
        set.stream()
            .map(AnalyticsGoals.SetGoal::goal)
            .filter(g -> g.kind() == kind)
            .map(Goal::target)
            .toList();
    // "in ()" is not SQL; a value no goal can have keeps the statement valid.
    return out.isEmpty() ? List.of("\u0000") : out;
  }

  /** One row per goal set, with its sums; most converting first. */
  static List<GoalRow> rows(List<AnalyticsGoals.SetGoal> set, Map<Goal, long[]> sums) {
    List<GoalRow> out = new ArrayList<>();
    for (AnalyticsGoals.SetGoal g : set) {
      long[] n = sums.getOrDefault(g.goal(), new long[2]);
      out.add(new GoalRow(g.goal(), n[0], n[1], g.countedFrom()));
    }
    out.sort(
        Comparator.comparingLong(GoalRow::visitors)
            .thenComparingLong(GoalRow::conversions)
            .reversed()
            .thenComparing(r -> r.goal().label()));
    return out;
  }
}
