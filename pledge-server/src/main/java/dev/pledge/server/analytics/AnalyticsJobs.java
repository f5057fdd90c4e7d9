package dev.pledge.server.analytics;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.PledgeSettings;
import java.time.Duration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;

/**
 * The analytics jobs, on db-scheduler so that each runs once across all server instances. The
 * partitions are also ensured at start-up, before the first event can arrive.
 */
@Configuration(proxyBeanMethods = false)
class AnalyticsJobs {

  private final AnalyticsMaintenance maintenance;
  private final boolean maintenanceMode;

  // Lazy: in maintenance mode the start-up listener must not build the analytics beans at all.
  AnalyticsJobs(@Lazy AnalyticsMaintenance maintenance, PledgeSettings settings) {
    this.maintenance = maintenance;
    this.maintenanceMode = settings.maintenance();
  }

  @EventListener(ApplicationReadyEvent.class)
  void ensurePartitionsAtStart() {
    if (!maintenanceMode) { // a CLI command on a deployment's database changes no partitions
      maintenance.ensurePartitions();
    }
  }

  @Bean
  RecurringTask<Void> analyticsPartitionsTask() {
    return Tasks.recurring("analytics-partitions", FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> maintenance.ensurePartitions());
  }

  @Bean
  RecurringTask<Void> analyticsSaltsTask() {
    return Tasks.recurring("analytics-salt-destruction", FixedDelay.of(Duration.ofMinutes(15)))
        .execute((instance, context) -> maintenance.destroyExpiredSalts());
  }

  @Bean
  RecurringTask<Void> analyticsRollupTask() {
    return Tasks.recurring("analytics-rollup", FixedDelay.of(Duration.ofMinutes(10)))
        .execute((instance, context) -> maintenance.rollUp());
  }
}
