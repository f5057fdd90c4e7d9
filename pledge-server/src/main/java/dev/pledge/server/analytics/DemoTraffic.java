package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Three months of made-up readers for the demo, so that a newcomer's dashboard is lived in. Nothing
 * is written by hand: every event is a tracker request body, reduced by the ingest's own rules
 * ({@link EventIngest#reduce} — user agent to browser, OS and device, referrer to source and
 * channel, URL scrubbed, visitor hashed under a daily salt), stored by the ingest's writer and
 * rolled up by the rollup. Past days are hashed under salts made for the run and never stored, as
 * if they had been destroyed after 48 hours; today's under today's salt. No raw event is older than
 * the policy keeps raw analytics.
 */
@Service
public class DemoTraffic {

  private static final Logger log = LoggerFactory.getLogger(DemoTraffic.class);

  /** Days of history, today included: the reference site keeps raw analytics 90 days. */
  public static final int DAYS = 90;

  /** What a run produced. */
  public record Generated(int days, long sent, long stored, long rolledUpDays, Duration took) {}

  /** A user agent with how often it is seen, in percent. */
  private record Agent(String userAgent, int weight) {}

  /** Where visits come from: a referrer, or campaign tags, and how often, in percent. */
  private record Arrival(String referrer, String query, int weight) {}

  private static final List<Agent> AGENTS =
      List.of(
          new Agent(
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/131.0.0.0 Safari/537.36",
              30),
          new Agent(
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
                  + " Gecko) Version/18.1 Safari/605.1.15",
              12),
          new Agent(
              "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/131.0.0.0 Mobile Safari/537.36",
              14),
          new Agent(
              "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML,"
                  + " like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
              13),
          new Agent(
              "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", 8),
          new Agent(
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
              6),
          new Agent(
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                  + " Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
              9),
          new Agent(
              "Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
                  + " Gecko) Version/17.6 Mobile/15E148 Safari/604.1",
              4),
          new Agent(
              "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like"
                  + " Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
              4));

  private static final List<Arrival> ARRIVALS =
      List.of(
          new Arrival("https://www.google.com/", null, 40),
          new Arrival(null, null, 21),
          new Arrival("https://duckduckgo.com/", null, 7),
          new Arrival("https://www.bing.com/", null, 5),
          new Arrival("https://www.ecosia.org/", null, 2),
          new Arrival("https://news.ycombinator.com/item", null, 3),
          new Arrival("https://old.reddit.com/r/webdev/", null, 3),
          new Arrival("https://mastodon.social/", null, 2),
          new Arrival("https://github.com/", null, 4),
          new Arrival("https://developer.mozilla.org/", null, 4),
          new Arrival("https://stackoverflow.com/questions", null, 3),
          new Arrival(
              null, "utm_source=newsletter&utm_medium=email&utm_campaign=formats-digest", 4),
          new Arrival(null, "utm_source=mastodon&utm_medium=social&utm_campaign=avif-launch", 2));

  /** Where the guide's readers go next: the specifications and references it cites. */
  private static final List<String> OUTBOUND =
      List.of(
          "https://www.w3.org/TR/png-3/",
          "https://developers.google.com/speed/webp",
          "https://aomedia.org/specifications/av1/",
          "https://jpeg.org/jpeg/",
          "https://en.wikipedia.org/wiki/Chroma_subsampling");

  private static final List<String> MISSING = List.of("/formats/gif", "/formats/jpeg-xl", "/tiff");

  /** How many readers of the hour of the day (UTC), relative to the others. */
  private static final int[] HOURS = {
    2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 12, 11, 12, 13, 13, 12, 11, 9, 8, 7, 6, 4, 3
  };

  private final PolicyCatalog catalog;
  private final EventIngest ingest;
  private final EventWriter writer;
  private final AnalyticsRollup rollup;
  private final AnalyticsPartitions partitions;
  private final DailySalts salts;
  private final JdbcClient jdbc;
  private final Clock clock;

  DemoTraffic(
      PolicyCatalog catalog,
      EventIngest ingest,
      EventWriter writer,
      AnalyticsRollup rollup,
      AnalyticsPartitions partitions,
      DailySalts salts,
      JdbcClient jdbc,
      Clock clock) {
    this.catalog = catalog;
    this.ingest = ingest;
    this.writer = writer;
    this.rollup = rollup;
    this.partitions = partitions;
    this.salts = salts;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** True when the property has no analytics at all: no rollup and no raw event. */
  public boolean isEmpty(String propertyId) {
    return Boolean.FALSE.equals(
        jdbc.sql(
                """
                select exists (select 1 from analytics_rollup where property_id = :p)
                    or exists (select 1 from analytics_daily_total where property_id = :p)
                    or exists (select 1 from analytics_event where property_id = :p)
                """)
            .param("p", propertyId)
            .query(Boolean.class)
            .single());
  }

  /**
   * Generates {@link #DAYS} days of readers of {@code paths} up to now, and rolls up the closed
   * days.
   */
  public Generated generate(String propertyId, List<String> paths) {
    Instant now = clock.instant();
    return generate(propertyId, paths, UtcDays.of(now), now, 20261123L);
  }

  /**
   * The same for a chosen "today" and moment: events are generated for the {@link #DAYS} days
   * ending with {@code today}, on that day only before {@code now}.
   */
  Generated generate(
      String propertyId, List<String> paths, LocalDate today, Instant now, long seed) {
    long started = System.nanoTime();
    ServedProperty property =
        catalog
            .byId(propertyId)
            .orElseThrow(() -> new IllegalArgumentException("no property " + propertyId));
    if (paths.isEmpty() || property.domains().isEmpty()) {
      throw new IllegalArgumentException(propertyId + " has no pages to visit");
    }
    String origin = "https://" + property.domains().get(0);
    String domain = property.domains().get(0);
    Random random = new Random(seed);
    List<String> pages = new ArrayList<>(paths);
    java.util.Collections.shuffle(pages, random);
    double[] popularity = popularity(pages.size());
    List<String> events = List.copyOf(EventIngest.declaredEvents(property).keySet());
    LocalDate first = today.minusDays(DAYS - 1);
    partitions.ensure(propertyId, first, today);
    LocalDate realToday = UtcDays.of(clock.instant());
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    long sent = 0;
    long stored = 0;
    for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
      VisitorHasher daySalt =
          day.equals(realToday) ? salts.today() : new VisitorHasher(freshSalt());
      Supplier<VisitorHasher> hasher = () -> daySalt;
      int readers = readers(day, first, random);
      for (int r = 0; r < readers; r++) {
        Instant start = day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(second(random));
        String ip = address(random);
        String agent = pick(AGENTS, Agent::weight, random).userAgent();
        // Some readers come back later the same day: one visitor, two visits.
        int visits = random.nextInt(100) < 14 ? 2 : 1;
        for (int v = 0; v < visits; v++) {
          Instant at = start.plusSeconds(v * (2_700L + random.nextInt(14_000)));
          if (!at.isBefore(now) || !UtcDays.of(at).equals(day)) {
            break;
          }
          Arrival arrival = pick(ARRIVALS, Arrival::weight, random);
          for (String body : visit(origin, domain, pages, popularity, arrival, events, random)) {
            if (!at.isBefore(now)) {
              break;
            }
            sent++;
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            EventBodyParser.Result parsed = EventBodyParser.parse(bytes, bytes.length);
            EventIngest.Reduced reduced =
                parsed.ok() ? ingest.reduce(parsed.body(), ip, agent, at, hasher) : null;
            if (reduced != null && reduced.event() != null) {
              pending.add(submit(reduced.event(), pending));
              stored++;
            }
            at = at.plusSeconds(10 + random.nextInt(70));
          }
        }
      }
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    long storedAt = System.nanoTime();
    // The closed days in one statement rather than one by one: the same rollup, computed for the
    // whole run at once. Today stays live, as always.
    LocalDate lastClosed =
        today.isBefore(UtcDays.of(clock.instant().minus(AnalyticsRollup.GRACE)))
            ? today
            : today.minusDays(1);
    int rolledUp = 0;
    if (!lastClosed.isBefore(first)) {
      rollup.rollUp(propertyId, first, lastClosed);
      rolledUp = (int) (lastClosed.toEpochDay() - first.toEpochDay() + 1);
    }
    long end = System.nanoTime();
    Generated g = new Generated(DAYS, sent, stored, rolledUp, Duration.ofNanos(end - started));
    log.info(
        "Demo analytics for {}: {} events over {} days through the ingest's reduction and writer"
            + " in {} ms, {} days rolled up in {} ms",
        propertyId,
        stored,
        DAYS,
        (storedAt - started) / 1_000_000,
        rolledUp,
        (end - storedAt) / 1_000_000);
    return g;
  }

  /** Queues an event with the ingest's writer, waiting for earlier ones while the queue is full. */
  private CompletableFuture<Void> submit(PageEvent event, List<CompletableFuture<Void>> pending) {
    while (true) {
      CompletableFuture<Void> queued = writer.submit(event);
      if (queued != null) {
        return queued;
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }
  }

  /**
   * A visit as the tracker would send it: page views with the engagement time between them, now and
   * then a 404, a link followed to another site or a file downloaded.
   */
  private static List<String> visit(
      String origin,
      String domain,
      List<String> paths,
      double[] popularity,
      Arrival arrival,
      List<String> events,
      Random random) {
    List<String> out = new ArrayList<>();
    int views = random.nextInt(100) < 52 ? 1 : 2 + random.nextInt(random.nextInt(100) < 70 ? 2 : 5);
    String referrer = arrival.referrer();
    for (int v = 0; v < views; v++) {
      String path = paths.get(weighted(popularity, random));
      String url = origin + path + (v == 0 && arrival.query() != null ? "?" + arrival.query() : "");
      out.add(body("pageview", url, domain, v == 0 ? referrer : origin + "/", null, null, null));
      out.add(
          body(
              "engagement",
              url,
              domain,
              null,
              4_000 + random.nextInt(56_000),
              30 + random.nextInt(71),
              null));
    }
    if (random.nextInt(100) == 0) {
      String missing = MISSING.get(random.nextInt(MISSING.size()));
      out.add(body("404", origin + missing, domain, referrer, null, null, null));
    }
    String last = origin + paths.get(weighted(popularity, random));
    if (events.contains("Outbound Link: Click") && random.nextInt(100) < 7) {
      String target = OUTBOUND.get(random.nextInt(OUTBOUND.size()));
      out.add(body("Outbound Link: Click", last, domain, null, null, null, "url:" + target));
    }
    if (events.contains("File Download") && random.nextInt(100) < 3) {
      String file =
          origin + (random.nextBoolean() ? "/images/alpha-disc.png" : "/images/png-chunks.svg");
      out.add(body("File Download", last, domain, null, null, null, "url:" + file));
    }
    return out;
  }

  private static String body(
      String name,
      String url,
      String domain,
      String referrer,
      Integer engagementMs,
      Integer scrollDepth,
      String prop) {
    StringBuilder b = new StringBuilder("{\"n\":").append(quote(name));
    b.append(",\"u\":").append(quote(url)).append(",\"d\":").append(quote(domain));
    if (referrer != null) {
      b.append(",\"r\":").append(quote(referrer));
    }
    if (engagementMs != null) {
      b.append(",\"e\":").append(engagementMs).append(",\"sd\":").append(scrollDepth);
    }
    if (prop != null) {
      int colon = prop.indexOf(':');
      b.append(",\"p\":{")
          .append(quote(prop.substring(0, colon)))
          .append(':')
          .append(quote(prop.substring(colon + 1)))
          .append('}');
    }
    return b.append('}').toString();
  }

  private static String quote(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** Readers on a day: fewer at weekends, slowly more over the three months, some noise. */
  private static int readers(LocalDate day, LocalDate first, Random random) {
    double weekly =
        switch (day.getDayOfWeek()) {
          case SATURDAY -> 0.55;
          case SUNDAY -> 0.62;
          case FRIDAY -> 0.88;
          case MONDAY -> 1.05;
          default -> 1.0;
        };
    double growth = 1 + 0.35 * (day.toEpochDay() - first.toEpochDay()) / DAYS;
    double noise = 0.85 + 0.3 * random.nextDouble();
    return (int) Math.round(150 * weekly * growth * noise);
  }

  /** A second of the day, following the readers' daily rhythm. */
  private static int second(Random random) {
    int total = 0;
    for (int h : HOURS) {
      total += h;
    }
    int x = random.nextInt(total);
    int hour = 0;
    while (x >= HOURS[hour]) {
      x -= HOURS[hour];
      hour++;
    }
    return hour * 3600 + random.nextInt(3600);
  }

  /**
   * A made-up reader's address: only hashed with the user agent under the day's salt, never stored,
   * like any reader's. Drawn from the private and documentation ranges.
   */
  private static String address(Random random) {
    if (random.nextInt(100) < 20) {
      return "2001:db8:"
          + Integer.toHexString(random.nextInt(0x10000))
          + "::"
          + (1 + random.nextInt(9999));
    }
    return "10."
        + random.nextInt(256)
        + "."
        + random.nextInt(256)
        + "."
        + (1 + random.nextInt(254));
  }

  /** Zipf-like popularity: the first pages are read most, the last least. */
  private static double[] popularity(int n) {
    double[] cumulative = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += 1.0 / Math.pow(i + 1, 0.9);
      cumulative[i] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    return cumulative;
  }

  private static int weighted(double[] cumulative, Random random) {
    double x = random.nextDouble();
    for (int i = 0; i < cumulative.length; i++) {
      if (x < cumulative[i]) {
        return i;
      }
    }
    return cumulative.length - 1;
  }

  private static <T> T pick(List<T> items, java.util.function.ToIntFunction<T> weight, Random r) {
    int total = items.stream().mapToInt(weight).sum();
    int x = r.nextInt(total);
    for (T item : items) {
      x -= weight.applyAsInt(item);
      if (x < 0) {
        return item;
      }
    }
    return items.get(items.size() - 1);
  }

  private static byte[] freshSalt() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return salt;
  }
}
