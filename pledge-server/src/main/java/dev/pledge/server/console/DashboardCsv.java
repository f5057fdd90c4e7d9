package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import dev.pledge.server.analytics.DashboardFilter;
import dev.pledge.server.analytics.DashboardPoint;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardRow;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.analytics.FilteredDashboard;
import dev.pledge.server.analytics.GoalConversions;
import dev.pledge.server.analytics.GoalRow;
import dev.pledge.server.analytics.PropertyRow;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The CSV exports: every dashboard table in full, and the chart's series. Values are the stored
 * keys and plain numbers (no thousands separators, rates with one decimal), for spreadsheets and
 * scripts rather than eyes.
 */
@Component
class DashboardCsv {

  /** The table name of the chart's series in the CSV URL. */
  static final String SERIES = "series";

  /** The goals' conversions. */
  static final String GOALS = "goals";

  /** The custom properties' values. */
  static final String PROPERTIES = "properties";

  /** More rows than any site has pages worth reading; bounded so one export stays one query. */
  static final int MAX_ROWS = 10_000;

  private final FilteredDashboard analytics;
  private final GoalConversions conversions;

  DashboardCsv(FilteredDashboard analytics, GoalConversions conversions) {
    this.analytics = analytics;
    this.conversions = conversions;
  }

  String table(
      String propertyId, DashboardRange range, DashboardTable table, DashboardFilter filter) {
    List<DashboardRow> rows =
        analytics
            .breakdowns(propertyId, range, Set.of(table.breakdown()), MAX_ROWS, filter)
            .getOrDefault(table.breakdown(), List.of());
    CsvExport csv = new CsvExport();
    if (table.countsPageViews()) {
      csv.row(List.of(table.csvColumn(), "visitors", "pageviews"));
      for (DashboardRow r : rows) {
        csv.row(List.of(r.value(), r.visitors(), r.pageviews()));
      }
      return csv.toString();
    }
    csv.row(
        List.of(
            table.csvColumn(),
            "visitors",
            "visits",
            "pageviews",
            "bounce_rate_percent",
            "average_visit_seconds"));
    for (DashboardRow r : rows) {
      csv.row(
          List.of(
              r.value(),
              r.visitors(),
              r.visits(),
              r.pageviews(),
              new Decimal(DashboardPage.bounceRate(r)),
              r.visits() == 0 ? 0L : r.durationSeconds() / r.visits()));
    }
    return csv.toString();
  }

  /** Every goal: visitors who completed it, conversions, and their rate among all visitors. */
  String goals(String propertyId, DashboardRange range, DashboardFilter filter) {
    DashboardTotals totals = analytics.totals(propertyId, range, filter);
    CsvExport csv = new CsvExport();
    csv.row(List.of("goal", "visitors", "conversions", "conversion_rate_percent", "counted_from"));
    for (GoalRow g : conversions.goals(propertyId, range, filter)) {
      csv.row(
          List.of(
              g.goal().key(),
              g.visitors(),
              g.conversions(),
              new Decimal(totals.visitors() == 0 ? 0 : 100.0 * g.visitors() / totals.visitors()),
              g.countedFrom() == null ? "" : g.countedFrom().toString()));
    }
    return csv.toString();
  }

  /** Every custom property value: event, key, value, visitors and events. */
  String properties(String propertyId, DashboardRange range, DashboardFilter filter) {
    CsvExport csv = new CsvExport();
    csv.row(List.of("event", "key", "value", "visitors", "events"));
    for (PropertyRow p : conversions.properties(propertyId, range, filter, MAX_ROWS)) {
      csv.row(List.of(p.event(), p.key(), p.value(), p.visitors(), p.events()));
    }
    return csv.toString();
  }

  String series(
      String propertyId, DashboardRange range, Interval interval, DashboardFilter filter) {
    CsvExport csv = new CsvExport();
    csv.row(
        List.of(
            interval.name().toLowerCase(Locale.ROOT),
            "visitors",
            "visits",
            "pageviews",
            "views_per_visit",
            "bounce_rate_percent",
            "average_visit_seconds"));
    for (DashboardPoint p : analytics.series(propertyId, range, interval, filter)) {
      DashboardTotals t = p.totals();
      csv.row(
          List.of(
              p.start().toString(),
              t.visitors(),
              t.visits(),
              t.pageviews(),
              new Decimal(t.viewsPerVisit()),
              new Decimal(t.bounceRate()),
              t.averageVisitSeconds()));
    }
    return csv.toString();
  }

  /** A number written with one decimal and a point, whatever the server's locale. */
  private static final class Decimal extends Number {
    private final double value;

    Decimal(double value) {
      this.value = value;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.1f", value);
    }

    @Override
    public int intValue() {
      return (int) value;
    }

    @Override
    public long longValue() {
      return (long) value;
    }

    @Override
    public float floatValue() {
      return (float) value;
    }

    @Override
    public double doubleValue() {
      return value;
    }
  }
}
