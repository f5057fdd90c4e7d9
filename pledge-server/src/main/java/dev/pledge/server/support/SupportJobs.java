package dev.pledge.server.support;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The support module's background work on db-scheduler, once across instances: reading the support
 * mailbox, copying feedback anonymised for model improvement, and forgetting used links and
 * handled-message records.
 */
@Configuration(proxyBeanMethods = false)
class SupportJobs {

  @Bean
  RecurringTask<Void> supportMailboxTask(SupportMailIntake intake, SupportSettings settings) {
    return Tasks.recurring("support-mailbox", FixedDelay.of(settings.mailbox().pollInterval()))
        .execute((instance, context) -> intake.poll());
  }

  @Bean
  RecurringTask<Void> trainingFeedbackTask(TrainingFeedbackCopy copy, SupportSettings settings) {
    return Tasks.recurring("training-feedback-copy", FixedDelay.of(settings.trainingInterval()))
        .execute((instance, context) -> copy.copy());
  }

  @Bean
  RecurringTask<Void> supportTidyTask(SupportMailIntake intake, MarketingPreferences marketing) {
    return Tasks.recurring("support-tidy", FixedDelay.of(Duration.ofHours(1)))
        .execute(
            (instance, context) -> {
              intake.tidy();
              marketing.tidy();
            });
  }
}
