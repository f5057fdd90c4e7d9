package dev.pledge.server.analytics;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The dashboard's questions: what is read, how readers arrive, what needs updating. Closed
 * days come from the rollups — whole months from the monthly ones — and today live from the raw
 * partition through the same visit definition ({@link VisitSql}, {@link LiveToday}), so all agree.
 */
@Service
public class AnalyticsDashboard {

  /** How a time series is bucketed. */
  public enum Interval {
    DAY,
    WEEK,
    MONTH
  }

  static final RowMapper<DashboardTotals> TOTALS =
      (rs, i) ->
          new DashboardTotals(
              rs.getLong("visitors"),
              rs.getLong("visits"),
              rs.getLong("pageviews"),
              rs.getLong("bounces"),
              rs.getLong("duration_s"));

  private final JdbcClient jdbc;
  private final Clock clock;
  private final LiveToday live;

  AnalyticsDashboard(JdbcClient jdbc, Clock clock, LiveToday live) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.live = live;
  }

  public LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  public DashboardTotals totals(String propertyId, DashboardRange range) {
    DashboardTotals sum = DashboardTotals.ZERO;
    for (DashboardPoint p : daily(propertyId, range).values()) {
      sum = sum.plus(p.totals());
    }
    return sum;
  }

  /** One point per bucket in the range, zero-filled. */
  public List<DashboardPoint> series(String propertyId, DashboardRange range, Interval interval) {
    Map<LocalDate, DashboardTotals> daily = new TreeMap<>();
    daily(propertyId, range).forEach((day, p) -> daily.put(day, p.totals()));
    return buckets(daily, range, interval);
  }

  static List<DashboardPoint> buckets(
      Map<LocalDate, DashboardTotals> daily, DashboardRange range, Interval interval) {
    TreeMap<LocalDate, DashboardTotals> buckets = new TreeMap<>();
    for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
      LocalDate key = bucket(d, interval);
      DashboardTotals t = daily.get(d);
      buckets.merge(key, t == null ? DashboardTotals.ZERO : t, DashboardTotals::plus);
    }
    List<DashboardPoint> out = new ArrayList<>();
    buckets.forEach((k, v) -> out.add(new DashboardPoint(k, v)));
    return out;
  }

  /** The top rows of a breakdown, by page views for pages and by visitors otherwise. */
  public List<DashboardRow> breakdown(
      String propertyId, DashboardRange range, Breakdown by, int limit) {
    return breakdowns(propertyId, range, Set.of(by), limit).get(by);
  }

  /**
   * The top rows of several breakdowns, as {@link #breakdown} gives each. The dashboard page wants
   * them all: one statement over the page rollups and one over the dimension rollups answer them.
   */
  public Map<Breakdown, List<DashboardRow>> breakdowns(
      String propertyId, DashboardRange range, Set<Breakdown> which, int limit) {
    Map<Breakdown, Map<String, DashboardRow>> rows = new EnumMap<>(Breakdown.class);
    which.forEach(by -> rows.put(by, new LinkedHashMap<>()));
    LocalDate today = today();
    LocalDate closedTo = range.to().isBefore(today) ? range.to() : today.minusDays(1);
    if (!closedTo.isBefore(range.from())) {
      // More than asked for: with today's rows added, a value just below the top can still make it.
      rolledUp(propertyId, MonthSplit.of(range.from(), closedTo), which, limit + 50)
          .forEach(
              (by, list) ->
                  list.forEach(r -> rows.get(by).merge(r.value(), r, DashboardRow::plus)));
    }
    if (!range.to().isBefore(today) && !range.from().isAfter(today)) {
      LiveToday.Snapshot now = live.of(propertyId);
      rows.forEach(
          (by, byValue) ->
              now.rows(by).forEach(r -> byValue.merge(r.value(), r, DashboardRow::plus)));
    }
    Map<Breakdown, List<DashboardRow>> top = new EnumMap<>(Breakdown.class);
    rows.forEach((by, byValue) -> top.put(by, top(byValue.values(), by, limit)));
    return top;
  }

  static List<DashboardRow> top(Collection<DashboardRow> rows, Breakdown by, int limit) {
    Comparator<DashboardRow> order =
        by.countsPageViews()
            ? Comparator.comparingLong(DashboardRow::pageviews)
            : Comparator.comparingLong(DashboardRow::visitors)
                .thenComparingLong(DashboardRow::visits)
                .thenComparingLong(DashboardRow::pageviews);
    return rows.stream()
        .sorted(order.reversed().thenComparing(DashboardRow::value))
        .limit(limit)
        .toList();
  }

  private Map<LocalDate, DashboardPoint> daily(String propertyId, DashboardRange range) {
    Map<LocalDate, DashboardPoint> byDay = new TreeMap<>();
    LocalDate today = today();
    jdbc.sql(
            """
            select day, visitors, visits, pageviews, bounces, duration_s
            from analytics_daily_total
            where property_id = :p and day between :from and :to and day < :today
            """)
        .param("p", propertyId)
        .param("from", range.from())
        .param("to", range.to())
        .param("today", today)
        .query(
            (rs, i) ->
                new DashboardPoint(rs.getObject("day", LocalDate.class), TOTALS.mapRow(rs, i)))
        .list()
        .forEach(p -> byDay.put(p.start(), p));
    if (!range.to().isBefore(today) && !range.from().isAfter(today)) {
      DashboardTotals now = live.of(propertyId).totals();
      if (now != null) {
        byDay.put(today, new DashboardPoint(today, now));
      }
    }
    return byDay;
  }

  /**
   * A range of closed days as the rollup tables hold it: the whole months in it from the monthly
   * tables, the days before the first and after the last whole month from the daily ones.
   *
   * @param wholeFrom the first day of the first whole month
   * @param wholeUntil the first day after the last whole month (equal to wholeFrom: none)
   */
  record MonthSplit(LocalDate from, LocalDate wholeFrom, LocalDate wholeUntil, LocalDate to) {

    static MonthSplit of(LocalDate from, LocalDate to) {
      LocalDate wholeFrom = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
      LocalDate wholeUntil = to.plusDays(1).withDayOfMonth(1);
      if (!wholeFrom.isBefore(wholeUntil)) {
        // No whole month: every day from the daily tables.
        wholeFrom = to.plusDays(1);
        wholeUntil = wholeFrom;
      }
      return new MonthSplit(from, wholeFrom, wholeUntil, to);
    }
  }

  /**
   * One statement over the monthly and the daily table of pages or dimensions: the top rows of each
   * key (not_found, or the dimension) in {@code :keys}. Whole months are one row per value each, so
   * a range of years sums a few dozen rows per value instead of a thousand.
   */
  private static String rolledUpSql(String table, String key, String columns, String measure) {
    String from =
        " from analytics_%s_" + table + " where property_id = :p and " + key + " in (:keys) and ";
    String select = " select " + key + " as key, " + columns;
    return "select * from (select key, value, sum(visitors) as visitors, sum(visits) as visits,"
        + " sum(pageviews) as pageviews, sum(bounces) as bounces, sum(duration_s) as duration_s,"
        + (" row_number() over (partition by key order by sum(" + measure + ") desc, value)")
        + " as rank from ("
        + (select + from.formatted("monthly") + "month >= :wholeFrom and month < :wholeUntil")
        + (" union all" + select + from.formatted("daily") + "day >= :from and day < :wholeFrom")
        + (" union all" + select + from.formatted("daily") + "day >= :wholeUntil and day <= :to")
        + ") parts group by key, value) ranked where rank <= :limit";
  }

  private static final String PAGES_SQL =
      rolledUpSql(
          "page",
          "not_found",
          "path as value, visitors, entries as visits, pageviews, 0 as bounces,"
              + " engagement_s as duration_s",
          "pageviews");

  private static final String DIMENSIONS_SQL =
      rolledUpSql(
          "dimension",
          "dimension",
          "value, visitors, visits, pageviews, bounces, duration_s",
          "visitors");

  /** Rows of the rollups, each with the breakdown it belongs to. */
  private Map<Breakdown, List<DashboardRow>> rolledUp(
      String propertyId, MonthSplit split, Set<Breakdown> which, int limit) {
    Map<Breakdown, List<DashboardRow>> out = new EnumMap<>(Breakdown.class);
    List<Boolean> notFound =
        which.stream()
            .filter(Breakdown::countsPageViews)
            .map(b -> b == Breakdown.NOT_FOUND)
            .toList();
    if (!notFound.isEmpty()) {
      query(PAGES_SQL, propertyId, split, notFound, limit)
          .query(
              rs -> {
                Breakdown by = rs.getBoolean("key") ? Breakdown.NOT_FOUND : Breakdown.PAGE;
                out.computeIfAbsent(by, k -> new ArrayList<>()).add(row(rs, 0));
              });
    }
    List<String> dimensions =
        which.stream().filter(b -> !b.countsPageViews()).map(Breakdown::dimension).toList();
    if (!dimensions.isEmpty()) {
      query(DIMENSIONS_SQL, propertyId, split, dimensions, limit)
          .query(
              rs -> {
                Breakdown by = Breakdown.ofDimension(rs.getString("key"));
                out.computeIfAbsent(by, k -> new ArrayList<>()).add(row(rs, 0));
              });
    }
    return out;
  }

  private JdbcClient.StatementSpec query(
      String sql, String propertyId, MonthSplit split, List<?> keys, int limit) {
    return jdbc.sql(sql)
        .param("p", propertyId)
        .param("keys", keys)
        .param("from", split.from())
        .param("wholeFrom", split.wholeFrom())
        .param("wholeUntil", split.wholeUntil())
        .param("to", split.to())
        .param("limit", limit);
  }

  static DashboardRow row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    return new DashboardRow(
        rs.getString("value"),
        rs.getLong("visitors"),
        rs.getLong("visits"),
        rs.getLong("pageviews"),
        rs.getLong("bounces"),
        rs.getLong("duration_s"));
  }

  private static LocalDate bucket(LocalDate day, Interval interval) {
    return switch (interval) {
      case DAY -> day;
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
    };
  }
}
