package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.analytics.AnalyticsDashboard.MonthSplit;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whole months are read from the monthly rollups and the days around them from the daily ones;
 * either way the breakdown is the same. The data goes through the real path: raw events, rolled up
 * day by day (late 2011, where no other test writes).
 */
@WithRunningServer
class MonthlyRollupTest {

  static final String SITE = "reference-site";

  @Autowired JdbcClient jdbc;
  @Autowired AnalyticsPartitions partitions;
  @Autowired AnalyticsRollup rollup;
  @Autowired AnalyticsDashboard dashboard;

  /** Ranges with edges on both sides, whole months only, one month's inside, across a year. */
  static final List<DashboardRange> RANGES =
      List.of(
          range("2011-10-20", "2012-01-10"),
          range("2011-11-01", "2011-12-31"),
          range("2011-11-02", "2011-11-29"),
          range("2011-10-31", "2012-01-01"));

  static DashboardRange range(String from, String to) {
    return new DashboardRange(LocalDate.parse(from), LocalDate.parse(to));
  }

  /** {@code n} raw events on a past day: page views and 404s over a few paths and sources. */
  void events(LocalDate day, int n, int seed) {
    partitions.ensure(SITE, day, day);
    jdbc.sql(
            """
            insert into analytics_event (property_id, received_at, day, visitor_id, name, path,
              source, channel, browser, os, device, utm_campaign)
            select :p, cast(:start as timestamptz) + i * interval '7 minutes', :day,
                   :seed * 1000 + i % 6, case when i % 9 = 0 then '404' else 'pageview' end,
                   '/months/' || (i * :seed % 7),
                   (array['Google', 'Bing', 'Direct / None'])[1 + (i + :seed) % 3], 'search',
                   (array['Firefox', 'Chrome'])[1 + i % 2], 'Linux', 'desktop',
                   case when i % 4 = 0 then 'autumn' end
            from generate_series(1, :n) i
            """)
        .param("p", SITE)
        .param("start", day.atStartOfDay().atOffset(ZoneOffset.UTC))
        .param("day", day)
        .param("seed", seed)
        .param("n", n)
        .update();
    rollup.rollUp(SITE, day);
  }

  @BeforeEach
  void plantDays() {
    String[] days = {
      "2011-10-20", "2011-10-31", "2011-11-01", "2011-11-15", "2011-11-30",
      "2011-12-10", "2011-12-31", "2012-01-01", "2012-01-05", "2012-01-25"
    };
    for (int i = 0; i < days.length; i++) {
      LocalDate day = LocalDate.parse(days[i]);
      jdbc.sql("delete from analytics_event where property_id = :p and day = :d")
          .param("p", SITE)
          .param("d", day)
          .update();
      events(day, 20 + 7 * i, i + 2);
    }
  }

  /** The breakdown summed from the daily rollups alone, as before there were monthly ones. */
  List<DashboardRow> dailyOnly(DashboardRange range, Breakdown by) {
    JdbcClient.StatementSpec sql =
        by.dimension() == null
            ? jdbc.sql(
                    """
                    select path as value, sum(visitors) as visitors, sum(entries) as visits,
                           sum(pageviews) as pageviews, 0 as bounces,
                           sum(engagement_s) as duration_s
                    from analytics_daily_page
                    where property_id = :p and day between :from and :to and not_found = :nf
                    group by path
                    """)
                .param("nf", by == Breakdown.NOT_FOUND)
            : jdbc.sql(
                    """
                    select value, sum(visitors) as visitors, sum(visits) as visits,
                           sum(pageviews) as pageviews, sum(bounces) as bounces,
                           sum(duration_s) as duration_s
                    from analytics_daily_dimension
                    where property_id = :p and day between :from and :to and dimension = :dim
                    group by value
                    """)
                .param("dim", by.dimension());
    return sql.param("p", SITE)
        .param("from", range.from())
        .param("to", range.to())
        .query(AnalyticsDashboard::row)
        .list();
  }

  @Test
  @DisplayName("whole months from the monthly rollups and edge days from the daily ones add up")
  void monthlyAndDailyAgree() {
    for (DashboardRange range : RANGES) {
      for (Breakdown by : Breakdown.values()) {
        List<DashboardRow> expected = dailyOnly(range, by);
        assertThat(dashboard.breakdown(SITE, range, by, 1000))
            .as(by + " " + range)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }
    assertThat(dailyOnly(RANGES.get(0), Breakdown.PAGE))
        .as("the test has data")
        .hasSizeGreaterThan(3);
    assertThat(dailyOnly(RANGES.get(0), Breakdown.NOT_FOUND)).isNotEmpty();
  }

  @Test
  @DisplayName("all breakdowns asked at once (the dashboard page) are each as asked alone")
  void breakdownsAtOnce() {
    for (DashboardRange range : RANGES) {
      Map<Breakdown, List<DashboardRow>> all =
          dashboard.breakdowns(SITE, range, EnumSet.allOf(Breakdown.class), 3);
      for (Breakdown by : Breakdown.values()) {
        assertThat(all.get(by))
            .as(by + " " + range)
            .containsExactlyElementsOf(dashboard.breakdown(SITE, range, by, 3));
      }
    }
  }

  @Test
  @DisplayName("a day rolled up again with late events updates its month")
  void lateEventsReachTheMonth() {
    DashboardRange november = range("2011-11-01", "2011-11-30");
    long before = views(november);
    events(LocalDate.parse("2011-11-15"), 10, 99); // appended to the day's raw events
    List<DashboardRow> after = dashboard.breakdown(SITE, november, Breakdown.PAGE, 1000);
    assertThat(views(after)).isGreaterThan(before);
    assertThat(after).containsExactlyInAnyOrderElementsOf(dailyOnly(november, Breakdown.PAGE));
  }

  @Test
  @DisplayName("the whole months of a range are read from the monthly table")
  void wholeMonthsComeFromTheMonthlyTable() {
    jdbc.sql(
            """
            update analytics_monthly_page set pageviews = pageviews + 1000
            where property_id = :p and month = '2011-11-01' and path = '/months/0'
              and not_found = false
            """)
        .param("p", SITE)
        .update();
    try {
      assertThat(views(range("2011-10-20", "2012-01-10")))
          .isEqualTo(views(dailyOnly(range("2011-10-20", "2012-01-10"), Breakdown.PAGE)) + 1000);
      assertThat(views(range("2011-11-02", "2011-11-30")))
          .as("November is not whole: its days are read")
          .isEqualTo(views(dailyOnly(range("2011-11-02", "2011-11-30"), Breakdown.PAGE)));
    } finally {
      jdbc.sql("select analytics_refresh_month(:p, date '2011-11-01')")
          .param("p", SITE)
          .query()
          .listOfRows();
    }
  }

  @Test
  void rangesSplitIntoWholeMonthsAndEdgeDays() {
    assertThat(MonthSplit.of(LocalDate.parse("2011-10-20"), LocalDate.parse("2012-01-10")))
        .isEqualTo(split("2011-10-20", "2011-11-01", "2012-01-01", "2012-01-10"));
    assertThat(MonthSplit.of(LocalDate.parse("2011-11-01"), LocalDate.parse("2011-12-31")))
        .isEqualTo(split("2011-11-01", "2011-11-01", "2012-01-01", "2011-12-31"));
    // No whole month: everything from the daily table, the monthly part empty.
    assertThat(MonthSplit.of(LocalDate.parse("2011-11-02"), LocalDate.parse("2011-11-30")))
        .isEqualTo(split("2011-11-02", "2011-12-01", "2011-12-01", "2011-11-30"));
    assertThat(MonthSplit.of(LocalDate.parse("2011-10-31"), LocalDate.parse("2011-11-01")))
        .isEqualTo(split("2011-10-31", "2011-11-02", "2011-11-02", "2011-11-01"));
    assertThat(MonthSplit.of(LocalDate.parse("2012-02-01"), LocalDate.parse("2012-02-29")))
        .isEqualTo(split("2012-02-01", "2012-02-01", "2012-03-01", "2012-02-29"));
  }

  static MonthSplit split(String from, String wholeFrom, String wholeUntil, String to) {
    return new MonthSplit(
        LocalDate.parse(from),
        LocalDate.parse(wholeFrom),
        LocalDate.parse(wholeUntil),
        LocalDate.parse(to));
  }

  long views(DashboardRange range) {
    return views(dashboard.breakdown(SITE, range, Breakdown.PAGE, 1000));
  }

  static long views(List<DashboardRow> rows) {
    return rows.stream().mapToLong(DashboardRow::pageviews).sum();
  }
}
