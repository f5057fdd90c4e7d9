package dev.pledge.server.analytics;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rolls raw events up into daily aggregates, and those into their month's. A day is recomputed
 * whole, in one transaction together with its month, so a run is idempotent and a crash leaves
 * either the old or the new rollup; a day is recomputed again only when events arrived after its
 * last rollup. Today is never rolled up: the dashboard reads today live from the raw partition.
 */
@Component
class AnalyticsRollup {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsRollup.class);

  private final JdbcClient jdbc;
  private final Clock clock;
  private final TransactionTemplate tx;
  private final AnalyticsPartitions partitions;

  AnalyticsRollup(
      JdbcClient jdbc, Clock clock, TransactionTemplate tx, AnalyticsPartitions partitions) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.tx = tx;
    this.partitions = partitions;
  }

  /** A (property, day) whose raw events are newer than its rollup. */
  record Due(String propertyId, LocalDate day) {}

  /**
   * How long after midnight a day counts as closed: writers may still commit a batch received just
   * before midnight, and they mark each day only once.
   */
  static final Duration GRACE = Duration.ofMinutes(15);

  /** Closed days that received events since their last rollup. */
  List<Due> due() {
    LocalDate today = LocalDate.ofInstant(clock.instant().minus(GRACE), ZoneOffset.UTC);
    return jdbc.sql(
            "select property_id, day from analytics_dirty where day < :today order by day, property_id")
        .param("today", today)
        .query((rs, i) -> new Due(rs.getString(1), rs.getObject(2, LocalDate.class)))
        .list();
  }

  /** Rolls up every due day; returns how many (property, day) pairs were computed. */
  int rollUpDue() {
    List<Due> due = due();
    for (Due d : due) {
      rollUp(d.propertyId(), d.day());
    }
    if (!due.isEmpty()) {
      log.info("Rolled up {} analytics day(s)", due.size());
    }
    return due.size();
  }

  /** Recomputes one day's aggregates in one transaction. */
  void rollUp(String propertyId, LocalDate day) {
    // The day's visit partition, outside the transaction: a day rolled up before visits were kept
    // has none yet, and creating one inside would lock the visits table until the commit.
    partitions.ensure(propertyId, day, day);
    tx.executeWithoutResult(status -> recompute(propertyId, day));
  }

  /**
   * Recomputes a run of closed days in one transaction and one statement: what {@link #rollUp}
   * computes for each day, for many days at once (the demo's history rolls up its 90 days so).
   */
  void rollUp(String propertyId, LocalDate from, LocalDate to) {
    partitions.ensure(propertyId, from, to);
    tx.executeWithoutResult(status -> recompute(propertyId, from, to));
  }

  /** Recomputes one day in the caller's transaction. */
  void recompute(String propertyId, LocalDate day) {
    recompute(propertyId, day, day);
  }

  /** Recomputes the days from {@code from} to {@code to} in the caller's transaction. */
  private void recompute(String propertyId, LocalDate from, LocalDate to) {
    // One recomputation of a property at a time: the scheduled job, `pledge retention run` and
    // the demo's history may start one together, and two that delete and insert the same day's
    // rows at once collide on its keys. The second waits, then recomputes from the same events.
    jdbc.sql("select pg_advisory_xact_lock(hashtext('analytics_rollup ' || :property))")
        .param("property", propertyId)
        .query()
        .listOfRows();
    // Clear the marker first: a writer committing more events for this day now either commits
    // before the statements below (and is counted) or waits for this transaction and marks the
    // day again (and is counted next time).
    jdbc.sql(
            "delete from analytics_dirty where property_id = :property and day between :from and :to")
        .param("property", propertyId)
        .param("from", from)
        .param("to", to)
        .update();
    for (String table :
        List.of(
            "analytics_daily_total",
            "analytics_daily_page",
            "analytics_daily_dimension",
            "analytics_daily_event",
            "analytics_daily_event_prop",
            "analytics_daily_page_goal",
            "analytics_visit")) {
      jdbc.sql(
              "delete from "
                  + table
                  + " where property_id = :property and day between :from and :to")
          .param("property", propertyId)
          .param("from", from)
          .param("to", to)
          .update();
    }
    // One statement, so the visit window functions run once for every table.
    jdbc.sql(
            "with "
                + VisitSql.VISITS
                + ", totals as (insert into analytics_daily_total (day, visitors, visits,"
                + " pageviews, bounces, duration_s, property_id) select *, :property from ("
                + VisitSql.TOTALS
                + ") t), pages as (insert into analytics_daily_page (day, path, not_found,"
                + " pageviews, visitors, entries, engagement_s, property_id)"
                + " select *, :property from ("
                + VisitSql.PAGES
                + ") p), events as (insert into analytics_daily_event (day, name, visitors,"
                + " visits, events, property_id) select *, :property from ("
                + VisitSql.EVENTS
                + ") e), props as (insert into analytics_daily_event_prop (day, name, key, value,"
                + " visitors, events, property_id) select *, :property from ("
                + VisitSql.EVENT_PROPS
                + ") ep), goals as (insert into analytics_daily_page_goal (day, pattern, visitors,"
                + " visits, conversions, property_id) select *, :property from ("
                + VisitSql.PAGE_GOALS
                + ") g), kept_visits as ("
                + VisitSql.INSERT_VISITS
                + ") insert into analytics_daily_dimension (day, dimension, value, visitors,"
                + " visits, pageviews, bounces, duration_s, property_id) select *, :property from ("
                + VisitSql.DIMENSIONS
                + ") d")
        .param("property", propertyId)
        .param("from", from)
        .param("to", to)
        .update();
    // Each month is summed from the daily rows just written (V4), in this transaction, so the
    // monthly tables never disagree with the days they are made of.
    for (LocalDate month = from.withDayOfMonth(1);
        !month.isAfter(to);
        month = month.plusMonths(1)) {
      jdbc.sql("select analytics_refresh_month(:property, :month)")
          .param("property", propertyId)
          .param("month", month)
          .query()
          .listOfRows();
    }
    jdbc.sql(
            """
            insert into analytics_rollup (property_id, day, raw_events, last_event, computed_at)
            select :property, d.day, coalesce(e.n, 0), e.last, now()
            from (select generate_series(:from::date, :to::date, interval '1 day')::date as day) d
            left join (select day, count(*) as n, max(received_at) as last from analytics_event
                       where property_id = :property and day between :from and :to
                       group by day) e on e.day = d.day
            on conflict (property_id, day) do update set raw_events = excluded.raw_events,
              last_event = excluded.last_event, computed_at = excluded.computed_at
            """)
        .param("property", propertyId)
        .param("from", from)
        .param("to", to)
        .update();
  }
}
