package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Component;

/**
 * The analytics housekeeping the policy demands: partitions ahead of time, salts destroyed after 48
 * hours and rollups of closed days. Raw days are expired by the retention engine through {@link
 * AnalyticsRawEventStores}.
 */
@Component
class AnalyticsMaintenance {

  private final PolicyCatalog catalog;
  private final AnalyticsPartitions partitions;
  private final AnalyticsRollup rollup;
  private final DailySalts salts;
  private final Clock clock;

  AnalyticsMaintenance(
      PolicyCatalog catalog,
      AnalyticsPartitions partitions,
      AnalyticsRollup rollup,
      DailySalts salts,
      Clock clock) {
    this.catalog = catalog;
    this.partitions = partitions;
    this.rollup = rollup;
    this.salts = salts;
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
}
