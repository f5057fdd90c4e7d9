package dev.pledge.server.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.AnalyticsDashboard.Interval;
import dev.pledge.server.analytics.Breakdown;
import dev.pledge.server.analytics.DashboardFilter;
import dev.pledge.server.analytics.DashboardPoint;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardRow;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.analytics.FilteredDashboard;
import dev.pledge.server.analytics.FilteredView;
import dev.pledge.server.analytics.GoalConversions;
import dev.pledge.server.analytics.GoalRow;
import dev.pledge.server.analytics.PropertyRow;
import dev.pledge.server.policy.ServedProperty;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Turns the analytics module's answers into what the dashboard template shows: formatted figures
 * with their change from the previous period, the chart's series, and the tables with their CSV
 * links. Formatting happens here so the template stays a layout.
 */
@Component
class DashboardPage {

  /** Rows per table on the page; "Show more" and the CSV export have them all. */
  static final int TABLE_ROWS = 10;

  private final AnalyticsDashboard analytics;
  private final FilteredDashboard filtered;
  private final GoalConversions conversions;
  private final ObjectMapper json;

  private final StaleContent staleContent;

  DashboardPage(
      AnalyticsDashboard analytics,
      FilteredDashboard filtered,
      GoalConversions conversions,
      ObjectMapper json,
      StaleContent staleContent) {
    this.staleContent = staleContent;
    this.analytics = analytics;
    this.filtered = filtered;
    this.conversions = conversions;
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

  /**
   * One table row: what it is, its formatted cells, its share of the table's largest row, and the
   * dashboard filtered by it.
   *
   * @param active the dashboard is filtered by this row already
   */
  record Row(
      String label,
      String title,
      List<String> cells,
      double share,
      String filterUrl,
      boolean active) {
    /** The share in twentieths, for the bar's CSS class: no inline style under the CSP. */
    public long step() {
      return Math.round(share * 20);
    }
  }

  /**
   * @param moreUrl the table's full list, or null when it has no more rows than shown
   */
  record Table(
      DashboardTable table,
      List<String> headers,
      List<Row> rows,
      String csvUrl,
      boolean visible,
      String moreUrl) {}

  /** Links for the range picker and the interval switch. */
  record Choice(String label, String url, boolean current) {}

  /** A filter in force, and the dashboard without it. */
  record Chip(String label, String removeUrl) {}

  /** A goal's row: conversions, their rate among the range's visitors, the dashboard filtered. */
  record GoalLine(
      String label,
      String visitors,
      String conversions,
      String rate,
      double share,
      String filterUrl,
      boolean active,
      String countedFrom) {
    public long step() {
      return Math.round(share * 20);
    }
  }

  /** A custom property value's row. */
  record PropertyLine(
      String event,
      String key,
      String value,
      String visitors,
      String events,
      double share,
      String filterUrl,
      boolean active) {
    public long step() {
      return Math.round(share * 20);
    }
  }

  /**
   * The goals, the custom properties and where they are managed.
   *
   * @param declared the custom events the policy declares (none: the section explains)
   */
  record Conversions(
      List<GoalLine> goals,
      String goalsCsvUrl,
      String manageUrl,
      List<PropertyLine> properties,
      String propertiesCsvUrl,
      String propertiesMoreUrl,
      List<String> declared) {}

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
      List<StaleRow> stale,
      List<Chip> chips,
      String clearUrl,
      String filterNotice,
      Conversions conversions,
      String realtimeUrl) {}

  /** A popular page whose content is more than a year old, for the editors. */
  record StaleRow(String path, String title, String updated, String pageviews) {}

  /** What one request reads: the same whether it comes from the rollups or the visits. */
  private record Read(
      DashboardTotals now,
      DashboardTotals before,
      List<DashboardPoint> points,
      Map<Breakdown, List<DashboardRow>> rows,
      List<GoalRow> goals,
      List<PropertyRow> props,
      String notice) {}

  View build(ServedProperty property, DateRangeParam.Selection selection) {
    return build(property, selection, DashboardFilter.NONE);
  }

  View build(ServedProperty property, DateRangeParam.Selection selection, DashboardFilter filter) {
    String id = property.id().value();
    DashboardRange range = selection.range();
    DashboardRange previous = range.previous();
    Interval interval = selection.effectiveInterval();
    Read read = filter.isEmpty() ? unfiltered(id, selection) : filtered(id, selection, filter);
    DashboardTotals now = read.now();
    DashboardTotals before = read.before();
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

    Links links = new Links(id, selection, filter);
    Map<String, Long> viewsByPage = new HashMap<>();
    read.rows()
        .getOrDefault(Breakdown.PAGE, List.of())
        .forEach(r -> viewsByPage.merge(r.value(), r.pageviews(), Long::sum));
    List<Table> tables = new ArrayList<>();
    for (DashboardTable t : DashboardTable.values()) {
      List<DashboardRow> top = read.rows().getOrDefault(t.breakdown(), List.of());
      tables.add(
          table(
              t,
              top.subList(0, Math.min(TABLE_ROWS, top.size())),
              top.size() > TABLE_ROWS,
              now,
              viewsByPage,
              links));
    }
    return new View(
        selection,
        ConsoleFormat.range(range.from(), range.to()),
        previousLabel,
        now.pageviews() == 0 && now.visits() == 0,
        figures,
        chart(read.points(), interval, range),
        intervals(id, selection, filter),
        links.csv(DashboardCsv.SERIES),
        tables,
        staleContent.popularButOld(property, read.rows().get(Breakdown.PAGE), TABLE_ROWS).stream()
            .map(
                p ->
                    new StaleRow(
                        p.path(),
                        p.title(),
                        p.updated() == null ? "no date given" : ConsoleFormat.date(p.updated()),
                        ConsoleFormat.count(p.pageviews())))
            .toList(),
        chips(filter, links),
        links.dashboard(DashboardFilter.NONE),
        read.notice(),
        conversions(id, read, now, filter, links),
        "/console/" + id + "/analytics/realtime");
  }

  /** The rollups' answers, and today's from the live snapshot. */
  private Read unfiltered(String id, DateRangeParam.Selection selection) {
    DashboardRange range = selection.range();
    // Two statements for all tables. The page tables come with as many rows as the stale-content
    // list looks at, so that it needs no statement of its own; the others with one more than
    // shown, so that "Show more" appears only where there is more.
    EnumSet<Breakdown> pageTables = EnumSet.of(Breakdown.PAGE, Breakdown.NOT_FOUND);
    Map<Breakdown, List<DashboardRow>> rows = new EnumMap<>(Breakdown.class);
    rows.putAll(analytics.breakdowns(id, range, pageTables, StaleContent.PAGES_CONSIDERED));
    rows.putAll(analytics.breakdowns(id, range, EnumSet.complementOf(pageTables), TABLE_ROWS + 1));
    return new Read(
        analytics.totals(id, range),
        analytics.totals(id, range.previous()),
        analytics.series(id, range, selection.effectiveInterval()),
        rows,
        conversions.goals(id, range, DashboardFilter.NONE),
        conversions.properties(id, range, DashboardFilter.NONE, TABLE_ROWS + 1),
        null);
  }

  /** The visits' answers: one statement for the range, one for the previous period's totals. */
  private Read filtered(String id, DateRangeParam.Selection selection, DashboardFilter filter) {
    DashboardRange range = selection.range();
    FilteredView view =
        filtered.view(
            id,
            range,
            filter,
            EnumSet.allOf(Breakdown.class),
            StaleContent.PAGES_CONSIDERED,
            TABLE_ROWS + 1,
            TABLE_ROWS + 1);
    String notice = null;
    if (view.range() == null || view.range().from().isAfter(range.from())) {
      LocalDate first = filtered.firstFilterableDay(id);
      notice =
          "Filters reach back to "
              + ConsoleFormat.day(first)
              + ": raw analytics are kept for the policy's retention period only, and the"
              + " aggregates kept for earlier days count each table on its own. Earlier days"
              + " count as zero here; remove the filters to see them.";
    }
    return new Read(
        view.totals(),
        filtered.totals(id, range.previous(), filter),
        view.series(range, selection.effectiveInterval()),
        view.rows(),
        view.goals(),
        view.props(),
        notice);
  }

  /** The URLs of this dashboard: itself with other filters, its CSV exports, its full tables. */
  record Links(String propertyId, DateRangeParam.Selection selection, DashboardFilter filter) {

    String dashboard(DashboardFilter f) {
      Map<String, String> q = new LinkedHashMap<>(selection.query());
      q.putAll(FilterParams.query(f));
      return FilterParams.url("/console/" + propertyId + "/analytics", q);
    }

    /** CSV links carry explicit dates, so a saved link always exports the same days. */
    String csv(String table) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("table", table);
      q.put("from", selection.range().from().toString());
      q.put("to", selection.range().to().toString());
      if (DashboardCsv.SERIES.equals(table) && selection.interval() != null) {
        q.put("interval", selection.interval().name().toLowerCase(Locale.ROOT));
      }
      q.putAll(FilterParams.query(filter));
      return FilterParams.url("/console/" + propertyId + "/analytics.csv", q);
    }

    /** A table's full list, a hundred rows at a time. */
    String more(String table) {
      Map<String, String> q = new LinkedHashMap<>(selection.query());
      q.putAll(FilterParams.query(filter));
      return FilterParams.url("/console/" + propertyId + "/analytics/" + table, q);
    }
  }

  static List<Chip> chips(DashboardFilter filter, Links links) {
    List<Chip> chips = new ArrayList<>();
    filter
        .values()
        .forEach(
            (by, value) -> {
              DashboardTable t = DashboardTable.of(by);
              chips.add(
                  new Chip(
                      t.filterLabel() + " is " + ValueLabels.label(t, value),
                      links.dashboard(filter.without(by))));
            });
    if (filter.goal() != null) {
      chips.add(
          new Chip("Goal is " + filter.goal().label(), links.dashboard(filter.withGoal(null))));
    }
    if (filter.property() != null) {
      DashboardFilter.PropertyValue p = filter.property();
      chips.add(
          new Chip(
              p.event() + " · " + p.key() + " is " + p.value(),
              links.dashboard(filter.withProperty(null))));
    }
    return chips;
  }

  /** Custom property rows, each a link that filters the dashboard by its value. */
  static List<PropertyLine> propertyLines(List<PropertyRow> rows, Links links) {
    long max = rows.stream().mapToLong(PropertyRow::visitors).max().orElse(0);
    List<PropertyLine> lines = new ArrayList<>();
    for (PropertyRow p : rows) {
      DashboardFilter.PropertyValue v = p.asFilter();
      lines.add(
          new PropertyLine(
              p.event(),
              p.key(),
              p.value(),
              ConsoleFormat.count(p.visitors()),
              ConsoleFormat.count(p.events()),
              max == 0 ? 0 : (double) p.visitors() / max,
              links.dashboard(links.filter().withProperty(v)),
              v.equals(links.filter().property())));
    }
    return lines;
  }

  private Conversions conversions(
      String id, Read read, DashboardTotals now, DashboardFilter filter, Links links) {
    long maxGoal = read.goals().stream().mapToLong(GoalRow::visitors).max().orElse(0);
    List<GoalLine> goals = new ArrayList<>();
    for (GoalRow g : read.goals()) {
      goals.add(
          new GoalLine(
              g.goal().label(),
              ConsoleFormat.count(g.visitors()),
              ConsoleFormat.count(g.conversions()),
              ConsoleFormat.percent(
                  now.visitors() == 0 ? 0 : 100.0 * g.visitors() / now.visitors()),
              maxGoal == 0 ? 0 : (double) g.visitors() / maxGoal,
              links.dashboard(filter.withGoal(g.goal())),
              g.goal().equals(filter.goal()),
              // Said only where it matters: a page goal counted from within the range shown.
              g.countedFrom() == null || !g.countedFrom().isAfter(links.selection().range().from())
                  ? null
                  : ConsoleFormat.day(g.countedFrom())));
    }
    List<PropertyRow> props = read.props();
    List<PropertyLine> lines =
        propertyLines(props.subList(0, Math.min(TABLE_ROWS, props.size())), links);
    return new Conversions(
        goals,
        links.csv(DashboardCsv.GOALS),
        "/console/" + id + "/goals",
        lines,
        links.csv(DashboardCsv.PROPERTIES),
        props.size() > TABLE_ROWS ? links.more(DashboardCsv.PROPERTIES) : null,
        conversions.declaredEvents(id));
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  Table table(
      DashboardTable t,
      List<DashboardRow> rows,
      boolean more,
      DashboardTotals totals,
      Map<String, Long> viewsByPage,
      Links links) {
    List<String> headers =
        switch (t) {
          case PAGES -> List.of("Visitors", "Views");
          case NOT_FOUND -> List.of("Visitors", "Requests");
          case ENTRY_PAGES -> List.of("Visits", "Bounce rate");
          case EXIT_PAGES -> List.of("Exits", "Exit rate");
          case SOURCES, CHANNELS, UTM_SOURCES, UTM_MEDIUMS, UTM_CAMPAIGNS ->
              List.of("Visitors", "Bounce rate");
          case BROWSERS, OPERATING_SYSTEMS, DEVICES, COUNTRIES -> List.of("Visitors", "Share");
        };
    long max = rows.stream().mapToLong(r -> measure(t, r)).max().orElse(0);
    String active = links.filter().values().get(t.breakdown());
    List<Row> out = new ArrayList<>();
    for (DashboardRow r : rows) {
      List<String> cells =
          switch (t) {
            case PAGES, NOT_FOUND ->
                List.of(ConsoleFormat.count(r.visitors()), ConsoleFormat.count(r.pageviews()));
            case ENTRY_PAGES ->
                List.of(ConsoleFormat.count(r.visits()), ConsoleFormat.percent(bounceRate(r)));
            case EXIT_PAGES -> List.of(ConsoleFormat.count(r.visits()), exitRate(r, viewsByPage));
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
              max == 0 ? 0 : (double) measure(t, r) / max,
              links.dashboard(links.filter().with(t.breakdown(), r.value())),
              r.value().equals(active)));
    }
    return new Table(
        t,
        headers,
        out,
        links.csv(t.key()),
        !(t.hiddenWhenEmpty() && out.isEmpty()),
        more ? links.more(t.key()) : null);
  }

  /** Exits as a share of the page's views, when the page is among the pages read. */
  static String exitRate(DashboardRow r, Map<String, Long> viewsByPage) {
    Long views = viewsByPage.get(r.value());
    return views == null || views == 0
        ? "–"
        : ConsoleFormat.percent(Math.min(100.0, 100.0 * r.visits() / views));
  }

  /** What a table ranks by, and what its bars show. */
  private static long measure(DashboardTable t, DashboardRow r) {
    return t.countsPageViews()
        ? r.pageviews()
        : t == DashboardTable.ENTRY_PAGES || t == DashboardTable.EXIT_PAGES
            ? r.visits()
            : r.visitors();
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

  private List<Choice> intervals(
      String id, DateRangeParam.Selection selection, DashboardFilter filter) {
    List<Choice> out = new ArrayList<>();
    Interval current = selection.effectiveInterval();
    for (Interval i : Interval.values()) {
      String name = i.name().toLowerCase(Locale.ROOT);
      out.add(
          new Choice(
              Character.toUpperCase(name.charAt(0)) + name.substring(1),
              new Links(id, selection.withInterval(i), filter).dashboard(filter),
              i == current));
    }
    return out;
  }

  static String dashboardUrl(String propertyId, Map<String, String> query) {
    return FilterParams.url("/console/" + propertyId + "/analytics", query);
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("lists of strings and numbers always serialise", e);
    }
  }
}
