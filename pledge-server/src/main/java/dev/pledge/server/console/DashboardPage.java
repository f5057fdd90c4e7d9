package dev.pledge.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import dev.pledge.server.analytics.Breakdown;
import dev.pledge.server.analytics.DashboardPoint;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardRow;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.policy.ServedProperty;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Turns the analytics module's answers into what the dashboard template shows: formatted figures
 * with their change from the previous period, the chart's series, and the tables with their CSV
 * links. Formatting happens here so the template stays a layout.
 */
@Component
class DashboardPage {

  /** Rows per table on the page; the CSV export has them all. */
  static final int TABLE_ROWS = 10;

  private final AnalyticsDashboard analytics;
  private final ObjectMapper json;

  private final StaleContent staleContent;

  DashboardPage(AnalyticsDashboard analytics, ObjectMapper json, StaleContent staleContent) {
    this.staleContent = staleContent;
    this.analytics = analytics;
    this.json = json;
  }

  /** A headline number. */
  record Figure(String key, String label, String value, ConsoleFormat.Change change) {}

  /** The chart: parallel arrays as JSON for the script, and the same points as a table. */
  record Chart(
      String labels,
      String titles,
      String visitors,
      String pageviews,
      String intervalLabel,
      List<ChartRow> rows) {}

  record ChartRow(String period, String visitors, String pageviews) {}

  /** One table row: what it is, its formatted cells, and its share of the table's largest row. */
  record Row(String label, String title, List<String> cells, double share) {
    /** The share in twentieths, for the bar's CSS class: no inline style under the CSP. */
    public long step() {
      return Math.round(share * 20);
    }
  }

  record Table(
      DashboardTable table, List<String> headers, List<Row> rows, String csvUrl, boolean visible) {}

  /** Links for the range picker and the interval switch. */
  record Choice(String label, String url, boolean current) {}

  record View(
      DateRangeParam.Selection selection,
      String rangeLabel,
      String previousLabel,
      boolean empty,
      List<Figure> figures,
      Chart chart,
      List<Choice> intervals,
      String seriesCsvUrl,
      List<Table> tables,
      List<StaleRow> stale) {}

  /** A popular page whose content is more than a year old, for the editors. */
  record StaleRow(String path, String title, String updated, String pageviews) {}

  View build(ServedProperty property, DateRangeParam.Selection selection) {
    String id = property.id().value();
    DashboardRange range = selection.range();
    DashboardRange previous = range.previous();
    DashboardTotals now = analytics.totals(id, range);
    DashboardTotals before = analytics.totals(id, previous);
    String previousLabel = ConsoleFormat.range(previous.from(), previous.to());

    List<Figure> figures =
        List.of(
            new Figure(
                "visitors",
                "Visitors",
                ConsoleFormat.count(now.visitors()),
                ConsoleFormat.relative(now.visitors(), before.visitors(), true, previousLabel)),
            new Figure(
                "visits",
                "Visits",
                ConsoleFormat.count(now.visits()),
                ConsoleFormat.relative(now.visits(), before.visits(), true, previousLabel)),
            new Figure(
                "pageviews",
                "Page views",
                ConsoleFormat.count(now.pageviews()),
                ConsoleFormat.relative(now.pageviews(), before.pageviews(), true, previousLabel)),
            new Figure(
                "views-per-visit",
                "Views per visit",
                ConsoleFormat.ratio(now.viewsPerVisit()),
                ConsoleFormat.relative(
                    round2(now.viewsPerVisit()),
                    round2(before.viewsPerVisit()),
                    true,
                    previousLabel)),
            new Figure(
                "bounce-rate",
                "Bounce rate",
                ConsoleFormat.percent(now.bounceRate()),
                ConsoleFormat.points(
                    now.bounceRate(),
                    before.bounceRate(),
                    now.visits() > 0,
                    before.visits() > 0,
                    false,
                    previousLabel)),
            new Figure(
                "visit-duration",
                "Visit duration",
                ConsoleFormat.duration(now.averageVisitSeconds()),
                ConsoleFormat.relative(
                    now.averageVisitSeconds(), before.averageVisitSeconds(), true, previousLabel)));

    Interval interval = selection.effectiveInterval();
    List<DashboardPoint> points = analytics.series(id, range, interval);
    // Two statements for all tables. The page tables come with as many rows as the stale-content
    // list looks at, so that it needs no statement of its own.
    EnumSet<Breakdown> pageTables = EnumSet.of(Breakdown.PAGE, Breakdown.NOT_FOUND);
    Map<Breakdown, List<DashboardRow>> rows = new EnumMap<>(Breakdown.class);
    rows.putAll(analytics.breakdowns(id, range, pageTables, StaleContent.PAGES_CONSIDERED));
    rows.putAll(analytics.breakdowns(id, range, EnumSet.complementOf(pageTables), TABLE_ROWS));
    List<Table> tables = new ArrayList<>();
    for (DashboardTable t : DashboardTable.values()) {
      List<DashboardRow> top = rows.get(t.breakdown());
      tables.add(
          table(
              t,
              top.subList(0, Math.min(TABLE_ROWS, top.size())),
              now,
              csvUrl(id, range, t.key())));
    }
    return new View(
        selection,
        ConsoleFormat.range(range.from(), range.to()),
        previousLabel,
        now.pageviews() == 0 && now.visits() == 0,
        figures,
        chart(points, interval, range),
        intervals(id, selection),
        csvUrl(id, range, DashboardCsv.SERIES),
        tables,
        staleContent.popularButOld(property, rows.get(Breakdown.PAGE), TABLE_ROWS).stream()
            .map(
                p ->
                    new StaleRow(
                        p.path(),
                        p.title(),
                        p.updated() == null ? "no date given" : ConsoleFormat.date(p.updated()),
                        ConsoleFormat.count(p.pageviews())))
            .toList());
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private Table table(
      DashboardTable t, List<DashboardRow> rows, DashboardTotals totals, String csv) {
    List<String> headers =
        switch (t) {
          case PAGES -> List.of("Visitors", "Views");
          case NOT_FOUND -> List.of("Visitors", "Requests");
          case ENTRY_PAGES -> List.of("Visits", "Bounce rate");
          case SOURCES, CHANNELS, UTM_SOURCES, UTM_MEDIUMS, UTM_CAMPAIGNS ->
              List.of("Visitors", "Bounce rate");
          case BROWSERS, OPERATING_SYSTEMS, DEVICES, COUNTRIES -> List.of("Visitors", "Share");
        };
    long max = rows.stream().mapToLong(r -> measure(t, r)).max().orElse(0);
    List<Row> out = new ArrayList<>();
    for (DashboardRow r : rows) {
      List<String> cells =
          switch (t) {
            case PAGES, NOT_FOUND ->
                List.of(ConsoleFormat.count(r.visitors()), ConsoleFormat.count(r.pageviews()));
            case ENTRY_PAGES ->
                List.of(ConsoleFormat.count(r.visits()), ConsoleFormat.percent(bounceRate(r)));
            case SOURCES, CHANNELS, UTM_SOURCES, UTM_MEDIUMS, UTM_CAMPAIGNS ->
                List.of(ConsoleFormat.count(r.visitors()), ConsoleFormat.percent(bounceRate(r)));
            case BROWSERS, OPERATING_SYSTEMS, DEVICES, COUNTRIES ->
                List.of(
                    ConsoleFormat.count(r.visitors()),
                    ConsoleFormat.percent(
                        totals.visits() == 0 ? 0 : 100.0 * r.visits() / totals.visits()));
          };
      out.add(
          new Row(
              ValueLabels.label(t, r.value()),
              ValueLabels.title(t, r.value()),
              cells,
              max == 0 ? 0 : (double) measure(t, r) / max));
    }
    return new Table(t, headers, out, csv, !(t.hiddenWhenEmpty() && out.isEmpty()));
  }

  /** What a table ranks by, and what its bars show. */
  private static long measure(DashboardTable t, DashboardRow r) {
    return t.countsPageViews()
        ? r.pageviews()
        : t == DashboardTable.ENTRY_PAGES ? r.visits() : r.visitors();
  }

  static double bounceRate(DashboardRow r) {
    return r.visits() == 0 ? 0 : 100.0 * r.bounces() / r.visits();
  }

  private Chart chart(List<DashboardPoint> points, Interval interval, DashboardRange range) {
    boolean manyYears = range.from().getYear() != range.to().getYear();
    List<String> labels = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    List<Long> visitors = new ArrayList<>();
    List<Long> pageviews = new ArrayList<>();
    List<ChartRow> rows = new ArrayList<>();
    for (DashboardPoint p : points) {
      String label =
          switch (interval) {
            case DAY, WEEK ->
                manyYears ? ConsoleFormat.day(p.start()) : ConsoleFormat.dayShort(p.start());
            case MONTH -> ConsoleFormat.month(p.start());
          };
      String title =
          switch (interval) {
            case DAY -> ConsoleFormat.day(p.start());
            case WEEK -> "Week of " + ConsoleFormat.day(p.start());
            case MONTH -> ConsoleFormat.fullMonth(p.start());
          };
      labels.add(label);
      titles.add(title);
      visitors.add(p.totals().visitors());
      pageviews.add(p.totals().pageviews());
      rows.add(
          new ChartRow(
              title,
              ConsoleFormat.count(p.totals().visitors()),
              ConsoleFormat.count(p.totals().pageviews())));
    }
    return new Chart(
        toJson(labels),
        toJson(titles),
        toJson(visitors),
        toJson(pageviews),
        interval.name().toLowerCase(Locale.ROOT),
        rows);
  }

  private List<Choice> intervals(String id, DateRangeParam.Selection selection) {
    List<Choice> out = new ArrayList<>();
    Interval current = selection.effectiveInterval();
    for (Interval i : Interval.values()) {
      String name = i.name().toLowerCase(Locale.ROOT);
      out.add(
          new Choice(
              Character.toUpperCase(name.charAt(0)) + name.substring(1),
              dashboardUrl(id, selection.withInterval(i).query()),
              i == current));
    }
    return out;
  }

  static String dashboardUrl(String propertyId, Map<String, String> query) {
    UriComponentsBuilder b = UriComponentsBuilder.fromPath("/console/{id}/analytics");
    query.forEach(b::queryParam);
    return b.buildAndExpand(propertyId).encode().toUriString();
  }

  /** CSV links carry explicit dates, so a saved link always exports the same days. */
  static String csvUrl(String propertyId, DashboardRange range, String table) {
    return UriComponentsBuilder.fromPath("/console/{id}/analytics.csv")
        .queryParam("table", table)
        .queryParam("from", range.from())
        .queryParam("to", range.to())
        .buildAndExpand(propertyId)
        .encode()
        .toUriString();
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lists of strings and numbers always serialise", e);
    }
  }
}
