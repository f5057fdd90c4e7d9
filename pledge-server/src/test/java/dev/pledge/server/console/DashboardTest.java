package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.analytics.LiveNumbers;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The dashboard's numbers, comparisons, tables and CSV exports, against seeded analytics. */
@WithRunningServer
class DashboardTest {

  private static final Pattern FIGURE =
      Pattern.compile(
          "<div class=\"figure\" data-figure=\"([a-z-]+)\" data-value=\"([^\"]*)\""
              + " data-change=\"([^\"]*)\">");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired OperatorAccounts accounts;
  @Autowired AnalyticsDashboard analytics;
  @Autowired dev.pledge.server.analytics.FilteredDashboard filteredDashboard;
  @Autowired ApplicationContext context;

  private ConsoleClient operator;

  @BeforeEach
  void signIn() throws Exception {
    AnalyticsSeed.rollups(jdbc);
    accounts.create("dashboard-reader", ConsoleLoginTest.PASSWORD);
    operator = new ConsoleClient(port, "127.0.2.1", "localhost");
    assertThat(operator.login("dashboard-reader", ConsoleLoginTest.PASSWORD).location())
        .endsWith("/console/");
  }

  /** Figure key → [shown value, change]. */
  private static Map<String, String[]> figures(String html) {
    Map<String, String[]> out = new LinkedHashMap<>();
    Matcher m = FIGURE.matcher(html);
    while (m.find()) {
      out.put(m.group(1), new String[] {m.group(2), m.group(3)});
    }
    return out;
  }

  @Test
  @DisplayName("A-07 the headline numbers and their change from the previous period are exact")
  void headlineNumbersAndComparison() throws Exception {
    ConsoleClient.Response page =
        operator.get("/console/reference-site/analytics?" + AnalyticsSeed.RANGE);
    assertThat(page.status()).isEqualTo(200);
    Map<String, String[]> figures = figures(page.body());
    assertThat(figures.keySet())
        .containsExactly(
            "visitors", "visits", "pageviews", "views-per-visit", "bounce-rate", "visit-duration");
    // 30 visitors against 20 the week before; 36 visits against 24; 72 views against 36.
    assertThat(figures.get("visitors")).containsExactly("30", "+50");
    assertThat(figures.get("visits")).containsExactly("36", "+50");
    assertThat(figures.get("pageviews")).containsExactly("72", "+100");
    // 2.0 views per visit against 1.5: +33 %.
    assertThat(figures.get("views-per-visit")).containsExactly("2.0", "+33");
    // 12 of 36 visits bounced (33 %) against 12 of 24 (50 %): 17 points down.
    assertThat(figures.get("bounce-rate")).containsExactly("33%", "-17");
    // 3600 s over 36 visits = 100 s against 1440 / 24 = 60 s: +67 %.
    assertThat(figures.get("visit-duration")).containsExactly("1m 40s", "+67");
    assertThat(page.body())
        .contains("8 Mar – 14 Mar 2013")
        .contains("compared with 1 Mar – 7 Mar 2013")
        .contains("Down 17 percentage points from 1 Mar – 7 Mar 2013")
        .contains("class=\"change down good\"");
  }

  @Test
  @DisplayName("A-07 the chart has one point per day, week or month, zero-filled")
  void chartSeries() throws Exception {
    String days = operator.get("/console/reference-site/analytics?" + AnalyticsSeed.RANGE).body();
    assertThat(days).contains("data-visitors=\"[10,0,20,0,0,0,0]\"");
    assertThat(days).contains("data-pageviews=\"[30,0,42,0,0,0,0]\"");
    assertThat(days)
        .contains(
            "data-labels=\"[&quot;8 Mar&quot;,&quot;9 Mar&quot;,&quot;10 Mar&quot;,&quot;11 Mar&quot;,&quot;12 Mar&quot;,&quot;13 Mar&quot;,&quot;14 Mar&quot;]\"");

    // 8 March 2013 was a Friday: the weeks start on Monday 4 and Monday 11 March.
    String weeks =
        operator
            .get("/console/reference-site/analytics?" + AnalyticsSeed.RANGE + "&interval=week")
            .body();
    assertThat(weeks).contains("data-visitors=\"[30,0]\"");
    assertThat(weeks).contains("Week of 4 Mar 2013");
    assertThat(weeks)
        .contains(
            "<a href=\"/console/reference-site/analytics?period=custom&amp;from=2013-03-08&amp;to=2013-03-14&amp;interval=week\" aria-current=\"true\">Week</a>");

    String months =
        operator
            .get(
                "/console/reference-site/analytics?period=custom&from=2013-02-01&to=2013-03-31"
                    + "&interval=month")
            .body();
    assertThat(months).contains("data-visitors=\"[0,50]\"").contains("data-pageviews=\"[0,108]\"");

    ConsoleClient.Response csv =
        operator.get("/console/reference-site/analytics.csv?table=series&" + AnalyticsSeed.RANGE);
    assertThat(csv.body())
        .startsWith(
            "day,visitors,visits,pageviews,views_per_visit,bounce_rate_percent,average_visit_seconds\r\n"
                + "2013-03-08,10,12,30,2.5,50.0,100\r\n"
                + "2013-03-09,0,0,0,0.0,0.0,0\r\n"
                + "2013-03-10,20,24,42,1.8,25.0,100\r\n");
  }

  @Test
  @DisplayName("A-07 the tables show what is read, where readers come from, and pages not found")
  void tables() throws Exception {
    String html = operator.get("/console/reference-site/analytics?" + AnalyticsSeed.RANGE).body();
    String pages = section(html, "pages");
    assertThat(pages).contains("Top pages");
    assertThat(rowsOf(pages))
        .containsExactly("/formats/png|20|42", "/concepts/compression|15|20", "/formats/gif|5|10");
    String notFound = section(html, "not-found");
    assertThat(notFound).contains("Pages not found").contains("Pages readers asked for");
    assertThat(rowsOf(notFound)).containsExactly("/formats/pgn|3|4");
    assertThat(rowsOf(section(html, "entry-pages"))).containsExactly("/formats/png|10|50%");
    assertThat(rowsOf(section(html, "channels"))).containsExactly("Search|16|26%", "Direct|4|60%");
    assertThat(rowsOf(section(html, "sources")).get(0)).isEqualTo("Google|16|26%");
    assertThat(rowsOf(section(html, "sources")))
        .contains("Forum, &quot;the&quot; one|3|25%")
        .contains("=HYPERLINK(&quot;http://evil.example/&quot;,&quot;x&quot;)|1|100%");
    // 20 of the 36 visits used Firefox; 9 came from Germany.
    assertThat(rowsOf(section(html, "browsers"))).containsExactly("Firefox|18|56%");
    assertThat(rowsOf(section(html, "devices"))).containsExactly("Mobile|5|25%");
    assertThat(rowsOf(section(html, "countries"))).containsExactly("Germany|7|25%");
    assertThat(rowsOf(section(html, "utm-campaigns"))).containsExactly("spring-launch|2|0%");
    assertThat(html).doesNotContain("data-table=\"utm-sources\"");
    // The largest row has the full bar, the others their share in twentieths.
    assertThat(pages).contains("class=\"bar-label s20\"").contains("class=\"bar-label s10\"");
  }

  @Test
  @DisplayName("A-07 an empty range says so instead of showing empty tables")
  void emptyRange() throws Exception {
    String html =
        operator
            .get("/console/reference-site/analytics?period=custom&from=2001-01-01&to=2001-01-31")
            .body();
    assertThat(figures(html).get("pageviews")).containsExactly("0", "none");
    assertThat(html).contains("No page views in this range yet.");
    assertThat(html).contains("No missing pages were requested in this range.");
    assertThat(html).doesNotContain("data-table=\"countries\"");
  }

  @Test
  @DisplayName(
      "A-07 live events of today appear on the dashboard within seconds, with exact counts")
  void liveEventsOfToday() throws Exception {
    LocalDate today = analytics.today();
    LiveNumbers.refresh(context, "reference-site");
    DashboardTotals before = analytics.totals("reference-site", new DashboardRange(today, today));
    String path = AnalyticsSeed.uniquePath();
    String first = AnalyticsSeed.newVisitor();
    String second = AnalyticsSeed.newVisitor();
    assertThat(AnalyticsSeed.pageview(port, path, first)).isEqualTo(202);
    assertThat(AnalyticsSeed.pageview(port, path, first)).isEqualTo(202);
    assertThat(AnalyticsSeed.pageview(port, path, second)).isEqualTo(202);

    // Today's numbers are recomputed in the background, not by the request: poll as a reader would.
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              Map<String, String[]> figures =
                  figures(operator.get("/console/reference-site/analytics?period=today").body());
              assertThat(figures.get("visitors")[0])
                  .isEqualTo(ConsoleFormat.count(before.visitors() + 2));
              assertThat(figures.get("pageviews")[0])
                  .isEqualTo(ConsoleFormat.count(before.pageviews() + 3));
            });
    String csv =
        operator.get("/console/reference-site/analytics.csv?table=pages&period=today").body();
    assertThat(csv).startsWith("page,visitors,pageviews\r\n").contains("\r\n" + path + ",2,3\r\n");
  }

  @Test
  @DisplayName("A-07 every table exports as CSV, quoted and safe to open in a spreadsheet")
  void csvExport() throws Exception {
    ConsoleClient.Response sources =
        operator.get("/console/reference-site/analytics.csv?table=sources&" + AnalyticsSeed.RANGE);
    assertThat(sources.status()).isEqualTo(200);
    assertThat(sources.header("content-type")).isEqualTo("text/csv;charset=UTF-8");
    assertThat(sources.header("content-disposition"))
        .isEqualTo("attachment; filename=\"reference-site-sources-2013-03-08-to-2013-03-14.csv\"");
    assertThat(sources.body())
        .isEqualTo(
            "source,visitors,visits,pageviews,bounce_rate_percent,average_visit_seconds\r\n"
                + "Google,16,19,35,26.3,94\r\n"
                + "Direct,4,5,15,60.0,120\r\n"
                + "\"Forum, \"\"the\"\" one\",3,4,6,25.0,100\r\n"
                + "'+1,1,1,1,100.0,0\r\n"
                + "'-2+3,1,1,1,100.0,0\r\n"
                + "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\",1,1,1,100.0,0\r\n"
                + "'@SUM(A1),1,1,1,100.0,0\r\n");

    assertThat(
            operator
                .get("/console/reference-site/analytics.csv?table=pages&" + AnalyticsSeed.RANGE)
                .body())
        .isEqualTo(
            "page,visitors,pageviews\r\n"
                + "/formats/png,20,42\r\n"
                + "/concepts/compression,15,20\r\n"
                + "/formats/gif,5,10\r\n");
    assertThat(
            operator
                .get("/console/reference-site/analytics.csv?table=not-found&" + AnalyticsSeed.RANGE)
                .body())
        .isEqualTo("page,visitors,pageviews\r\n/formats/pgn,3,4\r\n");

    // Every table on the page links to its export for the same days.
    String html = operator.get("/console/reference-site/analytics?" + AnalyticsSeed.RANGE).body();
    for (DashboardTable t : DashboardTable.values()) {
      String link =
          "/console/reference-site/analytics.csv?table="
              + t.key()
              + "&amp;from=2013-03-08&amp;to=2013-03-14";
      if (!t.hiddenWhenEmpty() || html.contains("data-table=\"" + t.key() + "\"")) {
        assertThat(html).as(t.key()).contains(link);
      }
      assertThat(
              operator
                  .get(
                      "/console/reference-site/analytics.csv?table="
                          + t.key()
                          + "&"
                          + AnalyticsSeed.RANGE)
                  .status())
          .as(t.key())
          .isEqualTo(200);
    }
  }

  @Test
  void badParametersGetAClearMessageAndNoStackTrace() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(
        "period=custom&from=2013-02-30&to=2013-03-01",
        "The start date &#39;2013-02-30&#39; is not a date: write it as YYYY-MM-DD");
    cases.put(
        "from=2013-03-14&to=2013-03-08",
        "The range ends (2013-03-08) before it starts (2013-03-14): swap the two dates.");
    cases.put("period=fortnight", "Unknown period &#39;fortnight&#39;: choose one of today, 7d");
    cases.put(
        "period=7d&interval=hour", "Unknown interval &#39;hour&#39;: choose day, week or month.");
    cases.put("period=custom&from=2013-03-01", "A custom range needs both a start and an end date");
    cases.put("from=2030-01-01&to=2999-01-01", "is in the future");
    cases.put("from=1900-01-01&to=2013-01-01", "the dashboard shows at most 3660 days");
    cases.put(
        "from=%3Cscript%3Ealert(1)%3C/script%3E&to=2013-01-01",
        "The start date &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39; is not a date");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      ConsoleClient.Response r = operator.get("/console/reference-site/analytics?" + c.getKey());
      assertThat(r.status()).as(c.getKey()).isEqualTo(400);
      assertThat(r.body()).as(c.getKey()).contains(c.getValue());
      assertThat(r.body()).as(c.getKey()).contains("This view cannot be shown.");
      assertThat(r.body())
          .as(c.getKey())
          .doesNotContain("Exception")
          .doesNotContain("<script>alert");
      assertThat(figures(r.body())).as(c.getKey()).isEmpty();
    }

    ConsoleClient.Response csvBadDate =
        operator.get(
            "/console/reference-site/analytics.csv?table=pages&from=yesterday&to=2013-01-01");
    assertThat(csvBadDate.status()).isEqualTo(400);
    assertThat(csvBadDate.header("content-type")).startsWith("text/plain");
    assertThat(csvBadDate.body()).startsWith("The start date 'yesterday' is not a date");

    ConsoleClient.Response csvBadTable =
        operator.get("/console/reference-site/analytics.csv?table=visitors&" + AnalyticsSeed.RANGE);
    assertThat(csvBadTable.status()).isEqualTo(400);
    assertThat(csvBadTable.body())
        .startsWith("Unknown table 'visitors': use table= with one of series, pages, not-found");

    assertThat(operator.get("/console/reference-site/analytics.csv").status()).isEqualTo(400);

    ConsoleClient.Response unknown = operator.get("/console/no-such-site/analytics");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("No such property").contains("no-such-site");
    assertThat(operator.get("/console/no-such-site/analytics.csv?table=pages").status())
        .isEqualTo(404);
  }

  @Test
  @DisplayName(
      "A-07 filters, full lists, goals and the real-time count: bad input gets a clear message")
  void filterListAndGoalParameters() throws Exception {
    String dashboard = "/console/reference-site/analytics?" + AnalyticsSeed.RANGE;
    ConsoleClient.Response longValue = operator.get(dashboard + "&source=" + "x".repeat(600));
    assertThat(longValue.status()).isEqualTo(400);
    assertThat(longValue.body())
        .contains("The filter source is 600 characters long")
        .doesNotContain("Exception");
    ConsoleClient.Response badGoal = operator.get(dashboard + "&goal=signup");
    assertThat(badGoal.status()).isEqualTo(400);
    assertThat(badGoal.body()).contains("The goal filter &#39;signup&#39; names no goal");
    ConsoleClient.Response halfProperty = operator.get(dashboard + "&prop_event=File%20Download");
    assertThat(halfProperty.status()).isEqualTo(400);
    assertThat(halfProperty.body())
        .contains("needs all three of prop_event, prop_key and prop_value");
    ConsoleClient.Response csv =
        operator.get(
            "/console/reference-site/analytics.csv?table=sources&"
                + AnalyticsSeed.RANGE
                + "&goal=nothing");
    assertThat(csv.status()).isEqualTo(400);
    assertThat(csv.body()).startsWith("The goal filter 'nothing' names no goal");

    // A filter on days older than the kept visits: nothing to count, and the page says why.
    String filtered = operator.get(dashboard + "&source=Google").body();
    assertThat(figures(filtered).get("visitors")[0]).isEqualTo("0");
    if (filteredDashboard.firstFilterableDay("reference-site").isAfter(AnalyticsSeed.FROM)) {
      assertThat(filtered).contains("Filters reach back to");
    }
    assertThat(filtered).contains("data-chip=\"Source is Google\"");

    ConsoleClient.Response list =
        operator.get("/console/reference-site/analytics/sources?" + AnalyticsSeed.RANGE);
    assertThat(list.status()).isEqualTo(200);
    assertThat(rowsOf(section(list.body(), "full-list"))).startsWith("Google|16|26%");
    ConsoleClient.Response badOffset =
        operator.get("/console/reference-site/analytics/sources?offset=7&" + AnalyticsSeed.RANGE);
    assertThat(badOffset.status()).isEqualTo(400);
    assertThat(badOffset.body()).contains("use a multiple of 100");
    ConsoleClient.Response noTable = operator.get("/console/reference-site/analytics/visitors");
    assertThat(noTable.status()).isEqualTo(404);
    assertThat(noTable.body()).contains("The dashboard has no table &#39;visitors&#39;");

    ConsoleClient.Response now = operator.get("/console/reference-site/analytics/realtime");
    assertThat(now.status()).isEqualTo(200);
    assertThat(now.body())
        .containsPattern("data-realtime=\"\\d+\"")
        .contains("hx-trigger=\"every 30s\"");

    ConsoleClient.Response goals = operator.get("/console/reference-site/goals");
    assertThat(goals.status()).isEqualTo(200);
    assertThat(goals.body()).contains("<option value=\"File Download\">");
    String token = ConsoleClient.csrf(goals.body());
    ConsoleClient.Response noKind =
        operator.post("/console/reference-site/goals", java.util.Map.of("_csrf", token));
    assertThat(noKind.status()).isEqualTo(400);
    assertThat(noKind.body()).contains("Say what kind of goal to set");
    ConsoleClient.Response undeclared =
        operator.post(
            "/console/reference-site/goals",
            java.util.Map.of("_csrf", token, "kind", "event", "event", "Signup"));
    assertThat(undeclared.status()).isEqualTo(400);
    assertThat(undeclared.body()).contains("declares no custom event &#39;Signup&#39;");
  }

  /** The markup of one table's card. */
  private static String section(String html, String key) {
    int start = html.indexOf("data-table=\"" + key + "\"");
    assertThat(start).as("table " + key + " on the page").isPositive();
    int end = html.indexOf("</section>", start);
    return html.substring(start, end);
  }

  private static final Pattern ROW =
      Pattern.compile("<tr(?: class=\"[^\"]*\")?>(.*?)</tr>", Pattern.DOTALL);

  /** A row's label (inside the link that filters by it) and its numbers. */
  private static final Pattern CELL =
      Pattern.compile(
          "<(?:th scope=\"row\"[^>]*>\\s*(?:<a [^>]*>)?<span[^>]*|td class=\"num\")>([^<]*)<");

  /** Each body row as "label|cell|cell". */
  private static java.util.List<String> rowsOf(String section) {
    java.util.List<String> rows = new java.util.ArrayList<>();
    int body = section.indexOf("<tbody>");
    if (body < 0) {
      return rows;
    }
    Matcher row = ROW.matcher(section.substring(body));
    while (row.find()) {
      Matcher cell = CELL.matcher(row.group(1));
      java.util.List<String> cells = new java.util.ArrayList<>();
      while (cell.find()) {
        cells.add(cell.group(1).strip());
      }
      rows.add(String.join("|", cells));
    }
    return rows;
  }
}
