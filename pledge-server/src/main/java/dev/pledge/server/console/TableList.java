package dev.pledge.server.console;

import dev.pledge.server.analytics.Breakdown;
import dev.pledge.server.analytics.DashboardFilter;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardRow;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.analytics.FilteredDashboard;
import dev.pledge.server.analytics.GoalConversions;
import dev.pledge.server.analytics.PropertyRow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * "Show more": one dashboard table in full, a hundred rows at a time, under the dashboard's range
 * and filters, each row still a link that filters the dashboard by it.
 */
@Component
class TableList {

  static final int PAGE_SIZE = 100;

  /** The most rows anyone pages through; the CSV export has the rest. */
  static final int MAX_OFFSET = DashboardCsv.MAX_ROWS - PAGE_SIZE;

  /** A table name the dashboard does not have. */
  static final class UnknownTable extends Exception {
    UnknownTable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * One page of a table's rows.
   *
   * @param first the number of the first row shown, from 1
   * @param previousUrl the page before, or null; {@code nextUrl} the same
   */
  record ListView(
      String title,
      String description,
      String column,
      List<String> headers,
      List<DashboardPage.Row> rows,
      List<DashboardPage.PropertyLine> properties,
      String rangeLabel,
      List<DashboardPage.Chip> chips,
      String backUrl,
      String csvUrl,
      int first,
      int last,
      String previousUrl,
      String nextUrl) {}

  private final FilteredDashboard analytics;
  private final GoalConversions conversions;
  private final DashboardPage page;

  TableList(FilteredDashboard analytics, GoalConversions conversions, DashboardPage page) {
    this.analytics = analytics;
    this.conversions = conversions;
    this.page = page;
  }

  ListView build(
      String propertyId,
      String key,
      DateRangeParam.Selection selection,
      DashboardFilter filter,
      String offsetParam)
      throws DateRangeParam.InvalidParameter, UnknownTable {
    int offset = offset(offsetParam);
    DashboardRange range = selection.range();
    DashboardPage.Links links = new DashboardPage.Links(propertyId, selection, filter);
    String rangeLabel = ConsoleFormat.range(range.from(), range.to());
    List<DashboardPage.Chip> chips = DashboardPage.chips(filter, links);
    if (key.equals(DashboardCsv.PROPERTIES)) {
      List<PropertyRow> all =
          conversions.properties(propertyId, range, filter, offset + PAGE_SIZE + 1);
      List<PropertyRow> shown = window(all, offset);
      List<DashboardPage.PropertyLine> lines = DashboardPage.propertyLines(shown, links);
      return new ListView(
          "Custom properties",
          "The values the policy lets custom events carry, scrubbed like page addresses.",
          "Value",
          List.of("Visitors", "Events"),
          List.of(),
          lines,
          rangeLabel,
          chips,
          links.dashboard(filter),
          links.csv(DashboardCsv.PROPERTIES),
          offset + 1,
          offset + shown.size(),
          previous(links, key, offset),
          next(links, key, offset, all.size()));
    }
    DashboardTable table =
        DashboardTable.byKey(key)
            .orElseThrow(
                () ->
                    new UnknownTable(
                        "The dashboard has no table '"
                            + (key.length() > 40 ? key.substring(0, 40) + "…" : key)
                            + "': use one of "
                            + DashboardTable.keys()
                            + ", "
                            + DashboardCsv.PROPERTIES
                            + "."));
    Set<Breakdown> which =
        table == DashboardTable.EXIT_PAGES
            ? Set.of(table.breakdown(), Breakdown.PAGE)
            : Set.of(table.breakdown());
    Map<Breakdown, List<DashboardRow>> rows =
        analytics.breakdowns(
            propertyId,
            range,
            which,
            Math.max(offset + PAGE_SIZE + 1, StaleContent.PAGES_CONSIDERED),
            filter);
    List<DashboardRow> all = rows.getOrDefault(table.breakdown(), List.of());
    Map<String, Long> viewsByPage = new HashMap<>();
    rows.getOrDefault(Breakdown.PAGE, List.of())
        .forEach(r -> viewsByPage.merge(r.value(), r.pageviews(), Long::sum));
    DashboardTotals totals = analytics.totals(propertyId, range, filter);
    List<DashboardRow> shown = window(all, offset);
    DashboardPage.Table t = page.table(table, shown, false, totals, viewsByPage, links);
    return new ListView(
        table.title(),
        table.description(),
        table.column(),
        t.headers(),
        t.rows(),
        List.of(),
        rangeLabel,
        chips,
        links.dashboard(filter),
        links.csv(table.key()),
        offset + 1,
        offset + shown.size(),
        previous(links, key, offset),
        next(links, key, offset, all.size()));
  }

  private static <T> List<T> window(List<T> all, int offset) {
    if (offset >= all.size()) {
      return List.of();
    }
    return all.subList(offset, Math.min(all.size(), offset + PAGE_SIZE));
  }

  private static String previous(DashboardPage.Links links, String key, int offset) {
    if (offset == 0) {
      return null;
    }
    int before = Math.max(0, offset - PAGE_SIZE);
    String base = links.more(key);
    return before == 0 ? base : base + sep(base) + "offset=" + before;
  }

  private static String next(DashboardPage.Links links, String key, int offset, int rows) {
    if (rows <= offset + PAGE_SIZE) {
      return null;
    }
    String base = links.more(key);
    return base + sep(base) + "offset=" + (offset + PAGE_SIZE);
  }

  private static String sep(String url) {
    return url.contains("?") ? "&" : "?";
  }

  private static int offset(String text) throws DateRangeParam.InvalidParameter {
    if (text == null || text.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n < 0 || n > MAX_OFFSET || n % PAGE_SIZE != 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new DateRangeParam.InvalidParameter(
          "The offset '"
              + (text.length() > 20 ? text.substring(0, 20) + "…" : text.strip())
              + "' is not a row to start from: use a multiple of "
              + PAGE_SIZE
              + " from 0 to "
              + MAX_OFFSET
              + ", as the Next and Previous links do (the CSV export has every row).");
    }
  }
}
