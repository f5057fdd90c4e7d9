package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo's three months of history are made by the ingest's own reduction rules and rolled up by
 * the rollup, not written as rows. Generated here for a quarter of 2010, far from every other
 * test's days, so the shared database's other analytics are left alone.
 */
@WithRunningServer
class DemoTrafficTest {

  static final String SITE = "reference-site";
  static final LocalDate TODAY = LocalDate.of(2010, 6, 30);
  static final LocalDate FIRST = TODAY.minusDays(DemoTraffic.DAYS - 1);

  @Autowired DemoTraffic traffic;
  @Autowired JdbcClient jdbc;
  @Autowired AnalyticsDashboard dashboard;
  @Autowired AnalyticsRollup rollup;

  static final List<String> PAGES =
      List.of("/", "/formats/png", "/formats/webp", "/formats/avif", "/concepts/compression");

  @Test
  @DisplayName(
      "A-04 A-05 A-07 the demo history: 90 days of rollups made through the reduction rules")
  void ninetyDaysThroughTheReductionRules() {
    Instant noon = TODAY.atTime(12, 0).toInstant(ZoneOffset.UTC);
    DemoTraffic.Generated g = traffic.generate(SITE, PAGES, TODAY, noon, 7L);
    assertThat(g.days()).isEqualTo(90);
    assertThat(g.stored()).isGreaterThan(20_000).isEqualTo(g.sent());
    assertThat(g.rolledUpDays()).isEqualTo(90);

    // Every day from the first to "today" was rolled up from raw events, and none before it.
    List<Map<String, Object>> rollups =
        jdbc.sql(
                "select day, raw_events from analytics_rollup where property_id = :p"
                    + " and day between :from and :to order by day")
            .param("p", SITE)
            .param("from", FIRST.minusDays(30))
            .param("to", TODAY)
            .query()
            .listOfRows();
    assertThat(rollups).hasSize(90);
    assertThat(rollups.get(0).get("day")).isEqualTo(java.sql.Date.valueOf(FIRST));
    assertThat(rollups).allSatisfy(r -> assertThat((Long) r.get("raw_events")).isPositive());
    long raw = rollups.stream().mapToLong(r -> (Long) r.get("raw_events")).sum();
    assertThat(raw).isEqualTo(g.stored());
    // On "today" nothing after noon: events are generated up to the moment given.
    assertThat(
            jdbc.sql(
                    "select max(last_event) from analytics_rollup where property_id = :p and day = :d")
                .param("p", SITE)
                .param("d", TODAY)
                .query(java.time.OffsetDateTime.class)
                .single()
                .toInstant())
        .isBefore(noon);

    DashboardRange quarter = new DashboardRange(FIRST, TODAY);
    DashboardTotals totals = dashboard.totals(SITE, quarter);
    assertThat(totals.visits()).isGreaterThan(9_000);
    assertThat(totals.bounceRate()).isBetween(35.0, 70.0);

    // Reduced as the ingest reduces: browser families, channels, scrubbed paths; no raw strings.
    Map<Breakdown, List<DashboardRow>> rows =
        dashboard.breakdowns(
            SITE,
            quarter,
            java.util.Set.of(
                Breakdown.BROWSER,
                Breakdown.CHANNEL,
                Breakdown.DEVICE,
                Breakdown.PAGE,
                Breakdown.EXIT_PAGE,
                Breakdown.UTM_CAMPAIGN),
            20);
    assertThat(rows.get(Breakdown.BROWSER))
        .extracting(DashboardRow::value)
        .contains("Chrome", "Safari", "Firefox", "Edge")
        .allSatisfy(b -> assertThat(b).doesNotContain("Mozilla"));
    assertThat(rows.get(Breakdown.CHANNEL))
        .extracting(DashboardRow::value)
        .contains("search", "direct", "referral", "social", "email");
    assertThat(rows.get(Breakdown.DEVICE))
        .extracting(DashboardRow::value)
        .contains("desktop", "mobile", "tablet");
    assertThat(rows.get(Breakdown.PAGE)).extracting(DashboardRow::value).containsAll(PAGES);
    assertThat(rows.get(Breakdown.EXIT_PAGE)).isNotEmpty();
    assertThat(rows.get(Breakdown.UTM_CAMPAIGN))
        .extracting(DashboardRow::value)
        .contains("formats-digest");

    // A weekly rhythm: weekdays busier than weekends.
    double weekday = average(quarter, false);
    double weekend = average(quarter, true);
    assertThat(weekend).isLessThan(weekday * 0.8);

    // A few custom events, rolled up with their declared property only.
    List<Map<String, Object>> events =
        jdbc.sql(
                "select name, sum(events) as n from analytics_daily_event where property_id = :p"
                    + " and day between :from and :to group by name order by name")
            .param("p", SITE)
            .param("from", FIRST)
            .param("to", TODAY)
            .query()
            .listOfRows();
    assertThat(events)
        .extracting(e -> e.get("name"))
        .containsExactly("File Download", "Outbound Link: Click");
    assertThat(
            jdbc.sql(
                    "select distinct key from analytics_daily_event_prop where property_id = :p"
                        + " and day between :from and :to")
                .param("p", SITE)
                .param("from", FIRST)
                .param("to", TODAY)
                .query(String.class)
                .list())
        .containsExactly("url");
    // And the visits kept for filtering, one partition per day like the events.
    assertThat(
            jdbc.sql(
                    "select count(distinct day) from analytics_visit where property_id = :p"
                        + " and day between :from and :to")
                .param("p", SITE)
                .param("from", FIRST)
                .param("to", TODAY)
                .query(Long.class)
                .single())
        .isEqualTo(90);
  }

  @Test
  @DisplayName("A-18 the demo's days rolled up at once equal each day rolled up on its own")
  void rolledUpAtOnceEqualsDayByDay() {
    LocalDate today = LocalDate.of(2009, 3, 31);
    traffic.generate(SITE, PAGES, today, today.atTime(23, 0).toInstant(ZoneOffset.UTC), 11L);
    LocalDate day = today.minusDays(40);
    DashboardRange one = new DashboardRange(day, day);
    java.util.Set<Breakdown> all = java.util.EnumSet.allOf(Breakdown.class);
    DashboardTotals atOnce = dashboard.totals(SITE, one);
    Map<Breakdown, List<DashboardRow>> rowsAtOnce = dashboard.breakdowns(SITE, one, all, 1000);
    rollup.rollUp(SITE, day);
    assertThat(dashboard.totals(SITE, one)).isEqualTo(atOnce);
    assertThat(dashboard.breakdowns(SITE, one, all, 1000)).isEqualTo(rowsAtOnce);
    assertThat(atOnce.visitors()).isPositive();
    assertThat(atOnce.visits())
        .as("some readers come back the same day")
        .isGreaterThan(atOnce.visitors());
  }

  private double average(DashboardRange range, boolean weekend) {
    return dashboard.series(SITE, range, AnalyticsDashboard.Interval.DAY).stream()
        .filter(
            p ->
                (p.start().getDayOfWeek() == DayOfWeek.SATURDAY
                        || p.start().getDayOfWeek() == DayOfWeek.SUNDAY)
                    == weekend)
        .filter(p -> !p.start().equals(TODAY))
        .mapToLong(p -> p.totals().visitors())
        .average()
        .orElseThrow();
  }
}
