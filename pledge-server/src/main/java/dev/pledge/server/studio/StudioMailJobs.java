package dev.pledge.server.studio;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The outbox's retries and tidying, on db-scheduler: once across all instances. */
@Configuration(proxyBeanMethods = false)
class StudioMailJobs {

  @Bean
  RecurringTask<Void> studioMailTask(StudioMail mail, StudioSettings settings) {
    return Tasks.recurring("studio-mail", FixedDelay.of(settings.mailInterval()))
        .execute(
            (instance, context) -> {
              mail.sendPending();
              mail.tidy();
            });
  }
}
