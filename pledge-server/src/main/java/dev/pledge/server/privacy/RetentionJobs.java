package dev.pledge.server.privacy;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The retention sweep on db-scheduler: one execution at a time across every instance sharing the
 * database, and a sweep interrupted by a crash is picked up again by the next execution.
 */
@Configuration(proxyBeanMethods = false)
class RetentionJobs {

  static final String ACTOR = "system:retention";

  @Bean
  RecurringTask<Void> retentionSweepTask(
      RetentionEngine engine, @Value("${pledge.retention.sweep-interval:PT1H}") Duration interval) {
    return Tasks.recurring("retention-sweep", FixedDelay.of(interval))
        .execute((instance, context) -> engine.sweep(ACTOR));
  }
}
