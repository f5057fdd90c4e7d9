package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Today's numbers, read from the raw partition with the rollup's visit definition. That takes
 * window functions over the whole day — seconds for a hundred thousand events — so each property's
 * day is kept as a snapshot, computed at start, recomputed in the background once events were
 * stored since, and a request reads the latest snapshot without waiting. Only a request that finds
 * no snapshot of today (just after start, or in the first second of a day) waits for one.
 */
@Component
class LiveToday {

  private static final Logger log = LoggerFactory.getLogger(LiveToday.class);

  /** Shortest time between two computations of one property's day. */
  static final Duration MIN_INTERVAL = Duration.ofSeconds(5);

  /**
   * A computation starts no sooner than this many times the last one's duration after it: a large
   * day keeps the database busy a quarter of the time at most, however many events arrive.
   */
  static final int COST_FACTOR = 4;

  /** Events stored by other instances do not count here: recompute after this long anyway. */
  static final Duration UNSEEN_WRITES = Duration.ofSeconds(30);

  /** A snapshot nobody has read for this long is recomputed at most this often. */
  static final Duration UNWATCHED = Duration.ofMinutes(5);

  /**
   * The day's totals, pages and dimensions in one statement, so the visit window functions run
   * once. Columns: kind (total, page, not_found, dimension), dimension, value and the measures.
   */
  private static final String SQL =
      "with "
          + VisitSql.VISITS
          + ", totals as ("
          + VisitSql.TOTALS
          + "), pages as ("
          + VisitSql.PAGES
          + "), dimensions as ("
          + VisitSql.DIMENSIONS
          + """
          )
          select 'total' as kind, null as dimension, null as value,
                 visitors, visits, pageviews, bounces, duration_s
          from totals
          union all
          select case when not_found then 'not_found' else 'page' end, null, path,
                 visitors, entries, pageviews, 0, engagement_s
          from pages
          union all
          select 'dimension', dimension, value,
                 visitors, visits, pageviews, bounces, duration_s
          from dimensions
          """;

  /**
   * One property's day as computed from the events stored before {@code asOf}.
   *
   * @param version the {@link WriteCounter} version read before computing
   * @param took how long the computation took
   * @param totals null when the day has no visit yet
   */
  record Snapshot(
      LocalDate day,
      long version,
      Instant asOf,
      Duration took,
      DashboardTotals totals,
      List<DashboardRow> pages,
      List<DashboardRow> notFound,
      Map<String, List<DashboardRow>> dimensions) {

    List<DashboardRow> rows(Breakdown by) {
      return switch (by) {
        case PAGE -> pages;
        case NOT_FOUND -> notFound;
        default -> dimensions.getOrDefault(by.dimension(), List.of());
      };
    }
  }

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final WriteCounter writes;
  private final PolicyCatalog catalog;
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<String, Instant> lastRead = new ConcurrentHashMap<>();

  /** One thread computes every snapshot, so one computation at a time loads the database. */
  private final ScheduledExecutorService refresher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "analytics-live-today");
            t.setDaemon(true);
            return t;
          });

  LiveToday(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      WriteCounter writes,
      PolicyCatalog catalog) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.writes = writes;
    this.catalog = catalog;
    refresher.scheduleWithFixedDelay(this::refreshDue, 1, 1, TimeUnit.SECONDS);
  }

  /** Every property's day computed once at start, in the background, so no reader waits for it. */
  @EventListener(ApplicationReadyEvent.class)
  void computeAtStart() {
    for (ServedProperty p : catalog.all()) {
      if (EventIngest.collectsAnalytics(p)) {
        String id = p.id().value();
        refresher.execute(
            () -> {
              try {
                if (!snapshots.containsKey(id)) {
                  compute(id);
                }
              } catch (RuntimeException e) {
                log.warn("Could not compute today's analytics of {}: {}", id, e.toString());
              }
            });
      }
    }
  }

  @PreDestroy
  void stop() {
    refresher.shutdownNow();
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** The latest snapshot of today; computed first when there is none for today yet. */
  Snapshot of(String propertyId) {
    lastRead.put(propertyId, clock.instant());
    Snapshot s = snapshots.get(propertyId);
    if (s != null && s.day().equals(today())) {
      return s;
    }
    return onRefresher(
        () -> {
          // Another request may have asked first and been served while this one queued.
          Snapshot queued = snapshots.get(propertyId);
          return queued != null && queued.day().equals(today()) ? queued : compute(propertyId);
        });
  }

  /**
   * Computes the property's day now and waits for it: for tests that read back what they stored.
   */
  Snapshot refreshNow(String propertyId) {
    return onRefresher(() -> compute(propertyId));
  }

  private Snapshot onRefresher(Callable<Snapshot> task) {
    try {
      return refresher.submit(task).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while computing today's analytics", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Every second on the refresher thread: recomputes the snapshots that are due. */
  private void refreshDue() {
    Instant now = clock.instant();
    for (Map.Entry<String, Snapshot> e : snapshots.entrySet()) {
      String propertyId = e.getKey();
      try {
        if (due(
            e.getValue(),
            writes.version(propertyId),
            today(),
            lastRead.getOrDefault(propertyId, Instant.EPOCH),
            now)) {
          compute(propertyId);
        }
      } catch (RuntimeException ex) {
        // Keep the old snapshot and try again on a later tick; a thrown exception would stop them.
        log.warn("Could not recompute today's analytics of {}: {}", propertyId, ex.toString());
      }
    }
  }

  /**
   * Whether a snapshot is to be recomputed now: it is outdated (events stored here since, a new
   * day, or old enough that other instances may have stored some) and the last computation is long
   * enough ago.
   */
  static boolean due(Snapshot s, long version, LocalDate today, Instant lastRead, Instant now) {
    boolean outdated =
        version != s.version()
            || !s.day().equals(today)
            || !now.isBefore(s.asOf().plus(UNSEEN_WRITES));
    Duration interval = longer(MIN_INTERVAL, s.took().multipliedBy(COST_FACTOR));
    if (lastRead.isBefore(now.minus(UNWATCHED))) {
      interval = longer(interval, UNWATCHED);
    }
    return outdated && !now.isBefore(s.asOf().plus(interval));
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private Snapshot compute(String propertyId) {
    LocalDate day = today();
    // Read before the query: an event stored meanwhile makes the snapshot outdated at once, even
    // if the query already saw it.
    long version = writes.version(propertyId);
    Instant asOf = clock.instant();
    long started = System.nanoTime();
    DashboardTotals[] totals = {null};
    List<DashboardRow> pages = new ArrayList<>();
    List<DashboardRow> notFound = new ArrayList<>();
    Map<String, List<DashboardRow>> dimensions = new HashMap<>();
    tx.executeWithoutResult(
        status -> {
          // No parallel workers: a background computation takes one core at most, and the
          // requests being answered meanwhile keep the others.
          jdbc.sql("set local max_parallel_workers_per_gather = 0").update();
          jdbc.sql(SQL)
              .param("property", propertyId)
              .param("from", day)
              .param("to", day)
              .query(
                  rs -> {
                    switch (rs.getString("kind")) {
                      case "total" -> totals[0] = AnalyticsDashboard.TOTALS.mapRow(rs, 0);
                      case "page" -> pages.add(AnalyticsDashboard.row(rs, 0));
                      case "not_found" -> notFound.add(AnalyticsDashboard.row(rs, 0));
                      default ->
                          dimensions
                              .computeIfAbsent(rs.getString("dimension"), k -> new ArrayList<>())
                              .add(AnalyticsDashboard.row(rs, 0));
                    }
                  });
        });
    Snapshot s =
        new Snapshot(
            day,
            version,
            asOf,
            Duration.ofNanos(System.nanoTime() - started),
            totals[0],
            List.copyOf(pages),
            List.copyOf(notFound),
            Map.copyOf(dimensions));
    snapshots.put(propertyId, s);
    log.debug("Computed today's analytics of {} in {} ms", propertyId, s.took().toMillis());
    return s;
  }
}
