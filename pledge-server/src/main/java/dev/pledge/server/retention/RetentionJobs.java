package dev.pledge.server.retention;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.PledgeSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The retention sweep on db-scheduler: one execution at a time across every instance sharing the
 * database, and a sweep interrupted by a crash is picked up again by the next execution.
 */
@Configuration(proxyBeanMethods = false)
class RetentionJobs {

  static final String ACTOR = "system:retention";
  private static final Logger log = LoggerFactory.getLogger(RetentionJobs.class);

  /** What retention cannot enforce, said once at start (not by CLI commands: they print it). */
  @EventListener(ApplicationReadyEvent.class)
  void reportGapsAtStart(ApplicationReadyEvent event) {
    if (event.getApplicationContext().getBean(PledgeSettings.class).maintenance()) {
      return;
    }
    RetentionEngine engine = event.getApplicationContext().getBean(RetentionEngine.class);
    Map<String, List<RetentionGap>> byProperty =
        engine.gaps().stream().collect(Collectors.groupingBy(RetentionGap::property));
    byProperty.forEach(
        (property, gaps) ->
            log.warn(
                "Retention of {}: {} categor(ies) or store(s) not enforced ({}); details: pledge"
                    + " retention plan",
                property,
                gaps.size(),
                gaps.stream().map(RetentionGap::subject).collect(Collectors.joining(", "))));
  }

  @Bean
  RecurringTask<Void> retentionSweepTask(
      RetentionEngine engine, @Value("${pledge.retention.sweep-interval:PT1H}") Duration interval) {
    return Tasks.recurring("retention-sweep", FixedDelay.of(interval))
        .execute((instance, context) -> engine.sweep(ACTOR));
  }
}
