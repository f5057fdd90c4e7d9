package dev.pledge.server.rights;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Reads the privacy mailbox on db-scheduler, so that with several instances one reads it at a time.
 * Off unless {@code pledge.mail.imap.host} is set.
 */
@Configuration(proxyBeanMethods = false)
class RightsMailJobs {

  @Bean
  @ConditionalOnProperty("pledge.mail.imap.host")
  RecurringTask<Void> rightsMailIntakeTask(RightsMailIntake intake, RightsMailSettings settings) {
    return Tasks.recurring("rights-mail-intake", FixedDelay.of(settings.pollInterval()))
        .execute((instance, context) -> intake.poll());
  }
}
