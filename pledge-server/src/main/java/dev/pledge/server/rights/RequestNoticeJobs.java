package dev.pledge.server.rights;

import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rights requests' background work on db-scheduler, once across all instances: sending queued
 * notices (and rescheduling an erasure whose task was lost), the operators' deadline reminders, and
 * the erasure job itself, retried with a growing delay when a store fails and revived by
 * dead-execution detection when the instance running it died.
 */
@Configuration(proxyBeanMethods = false)
class RequestNoticeJobs {

  @Bean
  RecurringTask<Void> rightsNoticesTask(
      RequestNotices notices,
      RequestErasures erasures,
      @Value("${pledge.rights.notice-interval:PT1M}") Duration interval) {
    return Tasks.recurring("rights-notices", FixedDelay.of(interval))
        .execute(
            (instance, context) -> {
              erasures.resumeStray();
              notices.sendPending();
            });
  }

  @Bean
  RecurringTask<Void> rightsRemindersTask(RequestReminders reminders) {
    // Hourly, so a request entering the window is reminded the same day; once per day each.
    return Tasks.recurring("rights-reminders", FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> reminders.remind());
  }

  @Bean
  OneTimeTask<Void> rightsErasureTask(RequestErasures erasures) {
    return Tasks.oneTime(RequestErasures.TASK)
        .onFailure(new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(30)))
        .execute((instance, context) -> erasures.run(instance.getId()));
  }
}
