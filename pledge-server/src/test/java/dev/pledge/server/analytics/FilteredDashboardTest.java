package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard narrowed by filters, read from the kept visits with the rollups' definitions. Each
 * test's sources are names no other test uses, so a filter isolates exactly its visits in the
 * shared database.
 */
@WithRunningServer
class FilteredDashboardTest {

  static final String SITE = "reference-site";

  @Autowired JdbcClient jdbc;
  @Autowired AnalyticsDashboard dashboard;
  @Autowired FilteredDashboard filtered;
  @Autowired GoalConversions conversions;
  @Autowired AnalyticsGoals goals;
  @Autowired RealTimeVisitors realTime;
  @Autowired LiveToday live;
  @LocalServerPort int port;

  LocalDate day;
  DashboardRange range;
  String s1;
  String s2;
  long v1;
  long v2;
  long v3;
  String pa;
  String pb;
  String pc;

  @Autowired org.springframework.context.ApplicationContext context;

  RawEvents events;

  /** One raw event of this test on {@link #day}, at a minute past midnight, by referral. */
  void event(
      long visitor,
      int minute,
      String name,
      String path,
      String source,
      String browser,
      String props) {
    events.event(visitor, minute, name, path, source, "referral", browser, "desktop", props);
  }

  /**
   * Three visitors on a closed day, from two sources of this test alone: visitor 1 reads /ft/a then
   * /ft/b in Firefox from s1 and downloads a file; visitor 2 reads /ft/a only, in Chrome, from s1;
   * visitor 3 reads /ft/b then /ft/c in Firefox from s2.
   */
  @BeforeEach
  void threeVisitorsOnAClosedDay() {
    day = dashboard.today().minusDays(20);
    range = new DashboardRange(day, day);
    String tag = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    s1 = "one-" + tag + ".example";
    s2 = "two-" + tag + ".example";
    pa = "/ft/" + tag + "/a";
    pb = "/ft/" + tag + "/b";
    pc = "/ft/" + tag + "/c";
    ThreadLocalRandom r = ThreadLocalRandom.current();
    v1 = r.nextLong();
    v2 = r.nextLong();
    v3 = r.nextLong();
    events = new RawEvents(context, SITE, day);
    event(v1, 0, "pageview", pa, s1, "Firefox", null);
    event(v1, 2, "pageview", pb, s1, "Firefox", null);
    event(
        v1,
        3,
        "File Download",
        pb,
        s1,
        "Firefox",
        "{\"url\":\"https://x.example/" + tag + ".png\"}");
    event(v2, 5, "pageview", pa, s1, "Chrome", null);
    event(v3, 9, "pageview", pb, s2, "Firefox", null);
    event(v3, 11, "pageview", pc, s2, "Firefox", null);
    events.rollUp();
  }

  private FilteredView view(DashboardFilter f) {
    return filtered.view(SITE, range, f, EnumSet.allOf(Breakdown.class), 100, 100, 100);
  }

  private static DashboardFilter only(Breakdown by, String value) {
    return DashboardFilter.NONE.with(by, value);
  }

  private static Map<String, Long> visits(FilteredView v, Breakdown by) {
    return v.rows().get(by).stream()
        .collect(java.util.stream.Collectors.toMap(DashboardRow::value, DashboardRow::visits));
  }

  @Test
  @DisplayName("A-04 A-07 a filter narrows the totals, the chart and every table")
  void oneFilterNarrowsEverything() {
    FilteredView v = view(only(Breakdown.SOURCE, s1));
    assertThat(v.totals()).isEqualTo(new DashboardTotals(2, 2, 3, 1, 180));
    assertThat(v.series(range, AnalyticsDashboard.Interval.DAY))
        .singleElement()
        .satisfies(p -> assertThat(p.totals().visitors()).isEqualTo(2));
    assertThat(visits(v, Breakdown.ENTRY_PAGE)).containsExactlyInAnyOrderEntriesOf(Map.of(pa, 2L));
    assertThat(visits(v, Breakdown.EXIT_PAGE))
        .containsExactlyInAnyOrderEntriesOf(Map.of(pb, 1L, pa, 1L));
    assertThat(visits(v, Breakdown.BROWSER))
        .containsExactlyInAnyOrderEntriesOf(Map.of("Firefox", 1L, "Chrome", 1L));
    assertThat(v.rows().get(Breakdown.PAGE))
        .extracting(DashboardRow::value, DashboardRow::pageviews, DashboardRow::visitors)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(pa, 2L, 2L),
            org.assertj.core.groups.Tuple.tuple(pb, 1L, 1L));
    assertThat(v.rows().get(Breakdown.SOURCE)).extracting(DashboardRow::value).containsExactly(s1);
    assertThat(v.props())
        .singleElement()
        .satisfies(p -> assertThat(p.event()).isEqualTo("File Download"));
  }

  @Test
  @DisplayName("A-04 filters combine: source and browser, a page, a goal, a property value")
  void filtersCombine() {
    DashboardFilter sourceAndBrowser =
        only(Breakdown.SOURCE, s1).with(Breakdown.BROWSER, "Firefox");
    assertThat(view(sourceAndBrowser).totals().visitors()).isEqualTo(1);
    assertThat(view(sourceAndBrowser).totals().pageviews()).isEqualTo(2);

    // A page: the visits that read it (also from s2); page views are that page's.
    FilteredView page = view(only(Breakdown.PAGE, pb).with(Breakdown.BROWSER, "Firefox"));
    assertThat(page.totals().visits()).isEqualTo(2);
    assertThat(page.totals().pageviews()).isEqualTo(2);
    assertThat(visits(page, Breakdown.SOURCE))
        .containsExactlyInAnyOrderEntriesOf(Map.of(s1, 1L, s2, 1L));
    assertThat(page.rows().get(Breakdown.PAGE)).extracting(DashboardRow::value).containsExactly(pb);

    DashboardFilter downloaded = only(Breakdown.SOURCE, s1).withGoal(Goal.event("File Download"));
    assertThat(view(downloaded).totals().visitors()).isEqualTo(1);
    assertThat(
            view(only(Breakdown.SOURCE, s2).withGoal(Goal.page(pa.replace("/a", "/*"))))
                .totals()
                .visits())
        .isEqualTo(1);
    assertThat(
            view(only(Breakdown.SOURCE, s2).withGoal(Goal.page("/nothing/**"))).totals().visits())
        .isZero();
    DashboardFilter.PropertyValue file = view(only(Breakdown.SOURCE, s1)).props().get(0).asFilter();
    assertThat(view(DashboardFilter.NONE.withProperty(file)).totals().visitors()).isEqualTo(1);
    assertThat(view(only(Breakdown.SOURCE, s2).withProperty(file)).totals().visits()).isZero();
  }

  @Test
  @DisplayName("A-07 without a filter the visits give exactly the rollups' numbers")
  void visitsAgreeWithTheRollups() {
    VisitQuery.Answer all =
        filtered.read(
            SITE,
            range,
            DashboardFilter.NONE,
            new VisitQuery.Ask(
                Set.of(Breakdown.SOURCE, Breakdown.PAGE, Breakdown.EXIT_PAGE),
                1000,
                1000,
                List.of(),
                0));
    assertThat(all.daily().get(day)).isEqualTo(dashboard.totals(SITE, range));
    Map<Breakdown, List<DashboardRow>> rolledUp =
        dashboard.breakdowns(
            SITE, range, Set.of(Breakdown.SOURCE, Breakdown.PAGE, Breakdown.EXIT_PAGE), 1000);
    for (Breakdown by : List.of(Breakdown.SOURCE, Breakdown.EXIT_PAGE)) {
      assertThat(all.rows().get(by))
          .as(by.name())
          .containsExactlyInAnyOrderElementsOf(rolledUp.get(by));
    }
    // Page rows: the rollup adds engagement time, which the visits do not carry.
    assertThat(all.rows().get(Breakdown.PAGE))
        .extracting(
            DashboardRow::value,
            DashboardRow::pageviews,
            DashboardRow::visitors,
            DashboardRow::visits)
        .containsExactlyInAnyOrderElementsOf(
            rolledUp.get(Breakdown.PAGE).stream()
                .map(
                    r ->
                        org.assertj.core.groups.Tuple.tuple(
                            r.value(), r.pageviews(), r.visitors(), r.visits()))
                .toList());
  }

  @Test
  @DisplayName("A-18 filters reach back as far as raw analytics are kept, and no further")
  void filtersReachBackToTheKeptDays() {
    LocalDate first = filtered.firstFilterableDay(SITE);
    assertThat(first).isBeforeOrEqualTo(day);
    DashboardRange longer = new DashboardRange(first.minusDays(400), day);
    FilteredView v = filtered.view(SITE, longer, only(Breakdown.SOURCE, s1), Set.of(), 0, 0, 0);
    assertThat(v.range()).isEqualTo(new DashboardRange(first, day));
    assertThat(v.totals().visitors()).isEqualTo(2);
    assertThat(
            filtered.view(
                SITE,
                new DashboardRange(first.minusDays(400), first.minusDays(300)),
                only(Breakdown.SOURCE, s1),
                Set.of(),
                0,
                0,
                0))
        .satisfies(
            e -> {
              assertThat(e.range()).isNull();
              assertThat(e.totals()).isEqualTo(DashboardTotals.ZERO);
            });
  }

  @Test
  @DisplayName("A-07 goals: an event goal and a page goal, with and without filters")
  void goals() throws Exception {
    AnalyticsGoals.SetGoal pageGoal = goals.add(SITE, Goal.page(pc));
    AnalyticsGoals.SetGoal eventGoal =
        goals.of(SITE).stream()
            .filter(g -> g.goal().equals(Goal.event("File Download")))
            .findFirst()
            .orElseGet(
                () -> {
                  try {
                    return goals.add(SITE, Goal.event("File Download"));
                  } catch (AnalyticsGoals.InvalidGoal e) {
                    throw new AssertionError(e);
                  }
                });
    try {
      assertThat(pageGoal.countedFrom()).isBeforeOrEqualTo(day);
      // Under a filter: from the visits.
      assertThat(conversions.goals(SITE, range, only(Breakdown.SOURCE, s2)))
          .filteredOn(g -> g.goal().equals(Goal.page(pc)))
          .singleElement()
          .satisfies(
              g -> assertThat(List.of(g.visitors(), g.conversions())).containsExactly(1L, 1L));
      assertThat(conversions.goals(SITE, range, only(Breakdown.SOURCE, s1)))
          .filteredOn(g -> g.goal().equals(Goal.event("File Download")))
          .singleElement()
          .satisfies(g -> assertThat(g.visitors()).isEqualTo(1L));
      // Without one: from the daily counts — the page goal was counted for the kept days when set.
      List<GoalRow> all = conversions.goals(SITE, range, DashboardFilter.NONE);
      assertThat(all)
          .filteredOn(g -> g.goal().equals(Goal.page(pc)))
          .singleElement()
          .satisfies(g -> assertThat(g.conversions()).isGreaterThanOrEqualTo(1L));
      // A goal that cannot be set says why.
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> goals.add(SITE, Goal.event("Signup")))
          .hasMessageContaining("declares no custom event 'Signup'")
          .hasMessageContaining("File Download");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> goals.add(SITE, Goal.page("ft/c")))
          .hasMessageContaining("starting with '/'");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> goals.add(SITE, Goal.page(pc)))
          .hasMessageContaining("set already");
    } finally {
      assertThat(goals.remove(SITE, pageGoal.id())).isTrue();
      goals.remove(SITE, eventGoal.id());
    }
    assertThat(
            jdbc.sql("select count(*) from analytics_daily_page_goal where pattern = :p")
                .param("p", pc)
                .query(Long.class)
                .single())
        .isZero();
  }

  @Test
  @DisplayName("A-07 today's visits are filtered within seconds, and counted as current visitors")
  void todayAndRightNow() throws Exception {
    String host = "today-" + s1;
    String agent =
        "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126."
            + ThreadLocalRandom.current().nextInt(1000);
    for (String path : List.of("/ft/today", "/ft/today/next")) {
      String body =
          "{\"n\":\"pageview\",\"u\":\"https://reference.example.org"
              + path
              + "\",\"d\":\"reference.example.org\",\"r\":\"https://"
              + host
              + "/\"}";
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/p/reference-site/api/event"))
                      .header("User-Agent", agent)
                      .header("X-Forwarded-For", "192.0.2.77")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(202);
    }
    live.refreshNow(SITE);
    LocalDate today = dashboard.today();
    FilteredView v =
        filtered.view(
            SITE,
            new DashboardRange(today, today),
            only(Breakdown.SOURCE, host),
            EnumSet.of(Breakdown.PAGE, Breakdown.EXIT_PAGE),
            10,
            10,
            0);
    assertThat(v.totals().visitors()).isEqualTo(1);
    assertThat(v.totals().visits()).isEqualTo(1);
    assertThat(v.totals().pageviews()).isEqualTo(2);
    assertThat(v.rows().get(Breakdown.EXIT_PAGE))
        .extracting(DashboardRow::value)
        .containsExactly("/ft/today/next");
    assertThat(realTime.now(SITE)).isPositive();
  }
}
