package dev.pledge.server.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Puts analytics into the shared test database the two ways the dashboard reads them: rollup rows
 * for closed days (in March 2013, far from anything another test writes), and real events posted to
 * the ingest endpoint for today.
 */
final class AnalyticsSeed {

  static final String PROPERTY = "reference-site";
  static final LocalDate FROM = LocalDate.of(2013, 3, 8);
  static final LocalDate TO = LocalDate.of(2013, 3, 14);
  static final String RANGE = "from=2013-03-08&to=2013-03-14";

  private static final Random RANDOM = new Random();

  private AnalyticsSeed() {}

  /**
   * Current week 8–14 March 2013: 30 visitors, 36 visits, 72 page views, 12 bounces, 3600 s. The
   * week before: 20 visitors, 24 visits, 36 page views, 12 bounces, 1440 s.
   */
  static void rollups(JdbcClient jdbc) {
    total(jdbc, "2013-03-08", 10, 12, 30, 6, 1200);
    total(jdbc, "2013-03-10", 20, 24, 42, 6, 2400);
    total(jdbc, "2013-03-03", 20, 24, 36, 12, 1440);

    page(jdbc, "2013-03-08", "/formats/png", false, 20, 8, 6, 100);
    page(jdbc, "2013-03-08", "/formats/gif", false, 10, 5, 6, 40);
    page(jdbc, "2013-03-10", "/formats/png", false, 22, 12, 10, 200);
    page(jdbc, "2013-03-10", "/concepts/compression", false, 20, 15, 14, 300);
    page(jdbc, "2013-03-10", "/formats/pgn", true, 4, 3, 0, 0);

    dimension(jdbc, "2013-03-08", "source", "Google", 6, 7, 15, 3, 600);
    dimension(jdbc, "2013-03-10", "source", "Google", 10, 12, 20, 2, 1200);
    dimension(jdbc, "2013-03-08", "source", "Direct", 4, 5, 15, 3, 600);
    dimension(jdbc, "2013-03-10", "source", "Forum, \"the\" one", 3, 4, 6, 1, 400);
    dimension(
        jdbc, "2013-03-10", "source", "=HYPERLINK(\"http://evil.example/\",\"x\")", 1, 1, 1, 1, 0);
    dimension(jdbc, "2013-03-10", "source", "-2+3", 1, 1, 1, 1, 0);
    dimension(jdbc, "2013-03-10", "source", "@SUM(A1)", 1, 1, 1, 1, 0);
    dimension(jdbc, "2013-03-10", "source", "+1", 1, 1, 1, 1, 0);
    dimension(jdbc, "2013-03-08", "channel", "search", 6, 7, 15, 3, 600);
    dimension(jdbc, "2013-03-10", "channel", "search", 10, 12, 20, 2, 1200);
    dimension(jdbc, "2013-03-08", "channel", "direct", 4, 5, 15, 3, 600);
    dimension(jdbc, "2013-03-10", "entry_page", "/formats/png", 9, 10, 25, 5, 900);
    dimension(jdbc, "2013-03-10", "browser", "Firefox", 18, 20, 40, 6, 2000);
    dimension(jdbc, "2013-03-10", "device", "mobile", 5, 9, 10, 3, 300);
    dimension(jdbc, "2013-03-10", "country", "DE", 7, 9, 14, 2, 500);
    dimension(jdbc, "2013-03-10", "utm_campaign", "spring-launch", 2, 2, 5, 0, 200);
    month(jdbc, "2013-03-01");
  }

  /**
   * A busier month, April 2013, for the browser test and its screenshots: a weekly rhythm in the
   * daily totals, and every table filled.
   *
   * @return the month's total of visitors and of page views
   */
  static long[] april(JdbcClient jdbc) {
    long visitors = 0;
    long views = 0;
    for (int d = 1; d <= 30; d++) {
      LocalDate day = LocalDate.of(2013, 4, d);
      boolean weekend = day.getDayOfWeek().getValue() >= 6;
      long v = (weekend ? 24 : 42) + (d * 7L % 11) + d / 2;
      long visits = v + v / 6;
      long pv = visits * 2 + d % 5;
      total(jdbc, day.toString(), v, visits, pv, visits * 2 / 5, visits * 95);
      visitors += v;
      views += pv;
    }
    String mid = "2013-04-15";
    Object[][] pages = {
      {"/formats/png", 412L, 301L},
      {"/formats/webp", 266L, 190L},
      {"/concepts/compression", 203L, 155L},
      {"/formats/avif", 151L, 120L},
      {"/concepts/colour-spaces", 98L, 77L},
      {"/formats/gif", 64L, 51L},
      {"/", 58L, 49L}
    };
    for (Object[] p : pages) {
      page(jdbc, mid, (String) p[0], false, (Long) p[1], (Long) p[2], (Long) p[2] / 2, 60);
    }
    page(jdbc, mid, "/formats/jpeg-xl", true, 23, 19, 0, 0);
    page(jdbc, mid, "/guides/old-tiff-notes", true, 9, 8, 0, 0);
    page(jdbc, mid, "/formats/pgn", true, 4, 4, 0, 0);
    Object[][] dims = {
      {"source", "Google", 520L},
      {"source", "Direct", 310L},
      {"source", "DuckDuckGo", 96L},
      {"source", "news.ycombinator.com", 71L},
      {"source", "Bing", 40L},
      {"channel", "search", 656L},
      {"channel", "direct", 310L},
      {"channel", "referral", 71L},
      {"entry_page", "/formats/png", 280L},
      {"entry_page", "/formats/webp", 170L},
      {"entry_page", "/concepts/compression", 120L},
      {"browser", "Chrome", 560L},
      {"browser", "Firefox", 230L},
      {"browser", "Safari", 190L},
      {"browser", "Edge", 57L},
      {"os", "Windows", 420L},
      {"os", "macOS", 260L},
      {"os", "Android", 170L},
      {"os", "iOS", 120L},
      {"os", "Linux", 67L},
      {"device", "desktop", 700L},
      {"device", "mobile", 290L},
      {"device", "tablet", 47L},
      {"country", "DE", 260L},
      {"country", "US", 240L},
      {"country", "FR", 150L},
      {"country", "GB", 120L},
      {"country", "NL", 60L},
      {"utm_source", "newsletter", 42L},
      {"utm_medium", "email", 42L},
      {"utm_campaign", "spring-formats", 42L}
    };
    for (Object[] d : dims) {
      long n = (Long) d[2];
      dimension(jdbc, mid, (String) d[0], (String) d[1], n, n + n / 6, n * 2, n / 3, n * 90);
    }
    month(jdbc, "2013-04-01");
    return new long[] {visitors, views};
  }

  /** Sums the month's daily rows into the monthly tables, as the rollup does for its days. */
  private static void month(JdbcClient jdbc, String first) {
    jdbc.sql("select analytics_refresh_month(:p, :m)")
        .param("p", PROPERTY)
        .param("m", LocalDate.parse(first))
        .query()
        .listOfRows();
  }

  private static void total(
      JdbcClient jdbc, String day, long visitors, long visits, long views, long bounces, long s) {
    jdbc.sql(
            """
            insert into analytics_daily_total
              (property_id, day, visitors, visits, pageviews, bounces, duration_s)
            values (:p, :day, :v, :vi, :pv, :b, :d)
            on conflict (property_id, day) do update set visitors = excluded.visitors,
              visits = excluded.visits, pageviews = excluded.pageviews,
              bounces = excluded.bounces, duration_s = excluded.duration_s
            """)
        .param("p", PROPERTY)
        .param("day", LocalDate.parse(day))
        .param("v", visitors)
        .param("vi", visits)
        .param("pv", views)
        .param("b", bounces)
        .param("d", s)
        .update();
  }

  private static void page(
      JdbcClient jdbc,
      String day,
      String path,
      boolean notFound,
      long views,
      long visitors,
      long entries,
      long engagement) {
    jdbc.sql(
            """
            insert into analytics_daily_page
              (property_id, day, path, not_found, pageviews, visitors, entries, engagement_s)
            values (:p, :day, :path, :nf, :pv, :v, :e, :s)
            on conflict (property_id, day, path, not_found) do update set
              pageviews = excluded.pageviews, visitors = excluded.visitors,
              entries = excluded.entries, engagement_s = excluded.engagement_s
            """)
        .param("p", PROPERTY)
        .param("day", LocalDate.parse(day))
        .param("path", path)
        .param("nf", notFound)
        .param("pv", views)
        .param("v", visitors)
        .param("e", entries)
        .param("s", engagement)
        .update();
  }

  private static void dimension(
      JdbcClient jdbc,
      String day,
      String dimension,
      String value,
      long visitors,
      long visits,
      long views,
      long bounces,
      long s) {
    jdbc.sql(
            """
            insert into analytics_daily_dimension
              (property_id, day, dimension, value, visitors, visits, pageviews, bounces, duration_s)
            values (:p, :day, :dim, :value, :v, :vi, :pv, :b, :d)
            on conflict (property_id, day, dimension, value) do update set
              visitors = excluded.visitors, visits = excluded.visits,
              pageviews = excluded.pageviews, bounces = excluded.bounces,
              duration_s = excluded.duration_s
            """)
        .param("p", PROPERTY)
        .param("day", LocalDate.parse(day))
        .param("dim", dimension)
        .param("value", value)
        .param("v", visitors)
        .param("vi", visits)
        .param("pv", views)
        .param("b", bounces)
        .param("d", s)
        .update();
  }

  /** A path nobody else visits: lower-case letters only, so the URL scrubber keeps it. */
  static String uniquePath() {
    StringBuilder s = new StringBuilder("/probe/");
    for (int i = 0; i < 10; i++) {
      s.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return s.toString();
  }

  /** A desktop Chrome user agent no other test sends: a new visitor under today's salt. */
  static String newVisitor() {
    return "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0."
        + (1000 + RANDOM.nextInt(8000))
        + "."
        + RANDOM.nextInt(200)
        + " Safari/537.36";
  }

  /** Posts one page view as the site's tracker would; returns the HTTP status (202: stored). */
  static int pageview(int port, String path, String userAgent) throws Exception {
    String body =
        "{\"n\":\"pageview\",\"u\":\"http://localhost:"
            + port
            + "/p/reference-site"
            + path
            + "\",\"d\":\"reference.example.org\",\"r\":\"https://www.google.com/\"}";
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/p/reference-site/api/event"))
            .header("Content-Type", "text/plain")
            .header("User-Agent", userAgent)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
