package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SweepReport;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithRunningServer
class RollupAndExpiryTest {

  static final String SITE = "reference-site";

  @Autowired JdbcClient jdbc;
  @Autowired AnalyticsPartitions partitions;
  @Autowired AnalyticsMaintenance maintenance;
  @Autowired AnalyticsDashboard dashboard;
  @Autowired RetentionEngine retention;

  /** Stores one raw event the way the writer would, for a chosen past moment. */
  void event(LocalDate day, int minute, long visitor, String path, String source) {
    partitions.ensure(SITE, day, day);
    jdbc.sql(
            """
            insert into analytics_event (property_id, received_at, day, visitor_id, name, path,
              source, channel, browser, os, device)
            values (:p, :at, :day, :v, 'pageview', :path, :source, 'search', 'Firefox', 'Linux',
              'desktop')
            """)
        .param("p", SITE)
        .param("at", day.atStartOfDay().plusMinutes(minute).atOffset(ZoneOffset.UTC))
        .param("day", day)
        .param("v", visitor)
        .param("path", path)
        .param("source", source)
        .update();
    jdbc.sql("insert into analytics_dirty values (:p, :day) on conflict do nothing")
        .param("p", SITE)
        .param("day", day)
        .update();
  }

  @Test
  @DisplayName("A-18 raw days past 90 days are dropped after roll-up; aggregates stay")
  void rawDaysExpireAggregatesStay() {
    LocalDate today = dashboard.today();
    LocalDate old = today.minusDays(120);
    LocalDate edge = today.minusDays(91);
    LocalDate recent = today.minusDays(89);
    // visitor 1: two page views 5 minutes apart (one visit); 40 minutes later a second visit
    event(old, 0, 1, "/formats/png", "Google");
    event(old, 5, 1, "/formats/jpeg", "Google");
    event(old, 45, 1, "/formats/png", "Google");
    event(old, 10, 2, "/formats/png", "Bing");
    event(edge, 0, 3, "/formats/webp", "Google");
    event(recent, 0, 4, "/formats/avif", "Google");

    SweepReport sweep = retention.sweep("test");

    assertThat(partitions.days(SITE)).doesNotContain(old, edge).contains(recent);
    assertThat(sweep.results())
        .filteredOn(r -> r.property().equals(SITE) && r.store().equals("analytics.raw-events"))
        .singleElement()
        .satisfies(
            r -> assertThat(r.expired()).as("events in dropped days").isGreaterThanOrEqualTo(5));
    DashboardTotals oldDay = dashboard.totals(SITE, new DashboardRange(old, old));
    assertThat(oldDay.pageviews()).isEqualTo(4);
    assertThat(oldDay.visitors()).isEqualTo(2);
    assertThat(oldDay.visits()).as("a 40-minute gap starts a new visit").isEqualTo(3);
    assertThat(oldDay.bounces()).as("visits with one page view").isEqualTo(2);
    var pages = dashboard.breakdown(SITE, new DashboardRange(old, old), Breakdown.PAGE, 10);
    assertThat(pages.get(0).value()).isEqualTo("/formats/png");
    assertThat(pages.get(0).pageviews()).isEqualTo(3);
    var sources = dashboard.breakdown(SITE, new DashboardRange(old, old), Breakdown.SOURCE, 10);
    assertThat(sources).extracting(DashboardRow::value).containsExactly("Google", "Bing");
    assertThat(dashboard.totals(SITE, new DashboardRange(edge, edge)).pageviews()).isEqualTo(1);
  }

  @Test
  @DisplayName("A-18 a rollup is idempotent: running it twice gives the same aggregates")
  void rollupIsIdempotent() {
    LocalDate day = dashboard.today().minusDays(30);
    event(day, 0, 7, "/concepts/compression", "Direct / None");
    event(day, 1, 7, "/concepts/metadata", "Direct / None");
    maintenance.rollUp();
    DashboardTotals first = dashboard.totals(SITE, new DashboardRange(day, day));
    jdbc.sql("insert into analytics_dirty values (:p, :d) on conflict do nothing")
        .param("p", SITE)
        .param("d", day)
        .update();
    maintenance.rollUp();
    assertThat(dashboard.totals(SITE, new DashboardRange(day, day))).isEqualTo(first);
    assertThat(first.pageviews()).isEqualTo(2);
    assertThat(first.visits()).isEqualTo(1);
  }

  @Test
  @DisplayName("salts older than 48 hours are destroyed")
  void oldSaltsAreDestroyed() {
    LocalDate today = dashboard.today();
    for (int back = 0; back <= 4; back++) {
      jdbc.sql(
              "insert into analytics_salt values (:d, decode(md5(random()::text), 'hex')) on conflict do nothing")
          .param("d", today.minusDays(back))
          .update();
    }
    maintenance.destroyExpiredSalts();
    assertThat(jdbc.sql("select min(day) from analytics_salt").query(LocalDate.class).single())
        .isEqualTo(today.minusDays(1));
  }
}
