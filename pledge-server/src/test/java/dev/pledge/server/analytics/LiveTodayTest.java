package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.analytics.LiveToday.Snapshot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Today's numbers: a snapshot per property, recomputed off the request path after new events. */
@WithRunningServer
class LiveTodayTest {

  static final String SITE = "reference-site";

  @Autowired JdbcClient jdbc;
  @Autowired WriteCounter writes;
  @Autowired LiveToday live;
  @Autowired AnalyticsDashboard dashboard;

  /** A page view stored now as the writer stores it, and counted as a write. */
  void pageview(String path, long visitor) {
    jdbc.sql(
            """
            insert into analytics_event (property_id, received_at, day, visitor_id, name, path,
              source, channel, browser, os, device)
            values (:p, now(), :day, :v, 'pageview', :path, 'Direct / None', 'direct', 'Firefox',
              'Linux', 'desktop')
            """)
        .param("p", SITE)
        .param("day", dashboard.today())
        .param("v", visitor)
        .param("path", path)
        .update();
    writes.written(SITE);
  }

  static String uniquePath() {
    return "/live/" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }

  Optional<DashboardRow> today(String path) {
    LocalDate today = dashboard.today();
    return dashboard
        .breakdown(SITE, new DashboardRange(today, today), Breakdown.PAGE, 10_000)
        .stream()
        .filter(r -> r.value().equals(path))
        .findFirst();
  }

  @Test
  @DisplayName("A-07 a refresh of today's snapshot counts the events stored since the last one")
  void refreshCountsNewEvents() {
    LocalDate today = dashboard.today();
    live.refreshNow(SITE);
    DashboardTotals before = dashboard.totals(SITE, new DashboardRange(today, today));
    String path = uniquePath();
    long visitor = ThreadLocalRandom.current().nextLong(1L << 50);
    pageview(path, visitor);
    pageview(path, visitor);
    pageview(path, visitor + 1);

    Snapshot s = live.refreshNow(SITE);

    assertThat(s.version()).isEqualTo(writes.version(SITE));
    DashboardTotals after = dashboard.totals(SITE, new DashboardRange(today, today));
    assertThat(after.pageviews()).isEqualTo(before.pageviews() + 3);
    assertThat(after.visitors()).isEqualTo(before.visitors() + 2);
    assertThat(today(path))
        .hasValueSatisfying(
            r -> {
              assertThat(r.visitors()).isEqualTo(2);
              assertThat(r.pageviews()).isEqualTo(3);
            });
  }

  @Test
  @DisplayName("A-07 new events reach today's numbers in the background, with no request waiting")
  void newEventsArriveInTheBackground() {
    live.refreshNow(SITE);
    String path = uniquePath();
    pageview(path, ThreadLocalRandom.current().nextLong(1L << 50));
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(today(path)).isPresent());
  }

  @Test
  void recomputedWhenOutdatedAndNotTooSoon() {
    Instant now = Instant.parse("2026-11-23T12:00:00Z");
    LocalDate today = LocalDate.parse("2026-11-23");
    Snapshot quick = snapshot(today, 7, now.minusSeconds(6), Duration.ofMillis(20));
    assertThat(LiveToday.due(quick, 8, today, now, now)).as("new events").isTrue();
    assertThat(LiveToday.due(quick, 7, today, now, now)).as("nothing new").isFalse();
    assertThat(LiveToday.due(quick, 7, today.plusDays(1), now, now)).as("a new day").isTrue();
    Snapshot recent = snapshot(today, 7, now.minusSeconds(2), Duration.ofMillis(20));
    assertThat(LiveToday.due(recent, 8, today, now, now)).as("5 s at least").isFalse();
    Snapshot slow = snapshot(today, 7, now.minusSeconds(10), Duration.ofSeconds(3));
    assertThat(LiveToday.due(slow, 8, today, now, now)).as("4 times 3 s at least").isFalse();
    assertThat(LiveToday.due(slow, 8, today, now, now.plusSeconds(2))).isTrue();
    Snapshot old = snapshot(today, 7, now.minusSeconds(31), Duration.ofMillis(20));
    assertThat(LiveToday.due(old, 7, today, now, now)).as("other instances' events").isTrue();
    Instant longAgo = now.minus(Duration.ofMinutes(6));
    assertThat(LiveToday.due(quick, 8, today, longAgo, now)).as("nobody reads it").isFalse();
  }

  static Snapshot snapshot(LocalDate day, long version, Instant asOf, Duration took) {
    return new Snapshot(day, version, asOf, took, null, List.of(), List.of(), Map.of());
  }
}
