package dev.pledge.server.analytics;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.privacy.PolicyCatalog;
import dev.pledge.server.privacy.ServedProperty;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The analytics housekeeping the policy demands: partitions ahead of time, salts destroyed after 48
 * hours, rollups of closed days, and raw days dropped once they are both rolled up and older than
 * the policy's raw retention (aggregate-then-delete, A-18).
 */
@Component
class AnalyticsMaintenance {

  private static final Logger log = LoggerFactory.getLogger(AnalyticsMaintenance.class);

  private final PolicyCatalog catalog;
  private final AnalyticsPartitions partitions;
  private final AnalyticsRollup rollup;
  private final DailySalts salts;
  private final JdbcClient jdbc;
  private final Clock clock;

  AnalyticsMaintenance(
      PolicyCatalog catalog,
      AnalyticsPartitions partitions,
      AnalyticsRollup rollup,
      DailySalts salts,
      JdbcClient jdbc,
      Clock clock) {
    this.catalog = catalog;
    this.partitions = partitions;
    this.rollup = rollup;
    this.salts = salts;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(ZoneOffset.UTC));
  }

  /** Partitions from yesterday to a week ahead for every property that collects analytics. */
  void ensurePartitions() {
    LocalDate today = today();
    for (ServedProperty p : catalog.all()) {
      if (EventIngest.collectsAnalytics(p)) {
        partitions.ensure(p.id().value(), today.minusDays(1), today.plusDays(7));
      }
    }
  }

  int destroyExpiredSalts() {
    return salts.destroyExpired();
  }

  int rollUp() {
    return rollup.rollUpDue();
  }

  /** Result of one expiry run: days dropped, and the raw events they held. */
  record Expired(int days, long events) {}

  /** Drops raw days past the policy's retention, after making sure they are rolled up. */
  Expired expireRawEvents() {
    rollup.rollUpDue();
    int days = 0;
    long events = 0;
    for (ServedProperty p : catalog.all()) {
      Optional<LocalDate> cutoff = rawCutoff(p);
      if (cutoff.isEmpty()) {
        continue;
      }
      String id = p.id().value();
      for (LocalDate day : partitions.days(id)) {
        if (!day.isBefore(cutoff.get()) || isDirty(id, day)) {
          continue;
        }
        events += rolledUpEvents(id, day);
        partitions.drop(id, day);
        days++;
      }
    }
    if (days > 0) {
      log.info("Dropped {} raw analytics day(s) past their retention ({} events)", days, events);
    }
    return new Expired(days, events);
  }

  /** The first day still kept, from the policy's analytics category; empty when permanent. */
  Optional<LocalDate> rawCutoff(ServedProperty property) {
    return property.policy().categories().stream()
        .filter(c -> EventIngest.ANALYTICS_CATEGORIES.contains(c.id()))
        .filter(c -> c.collected() != DataCategory.Collected.NO && c.retention() != null)
        .map(c -> c.retention().period())
        .filter(r -> r.kind() == RetentionPeriod.Kind.FIXED)
        .map(r -> r.fixed().subtractFrom(today().atStartOfDay()).toLocalDate())
        .findFirst();
  }

  private boolean isDirty(String propertyId, LocalDate day) {
    return jdbc.sql("select count(*) from analytics_dirty where property_id = :p and day = :d")
            .param("p", propertyId)
            .param("d", day)
            .query(Integer.class)
            .single()
        > 0;
  }

  private long rolledUpEvents(String propertyId, LocalDate day) {
    return jdbc.sql("select raw_events from analytics_rollup where property_id = :p and day = :d")
        .param("p", propertyId)
        .param("d", day)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }
}
