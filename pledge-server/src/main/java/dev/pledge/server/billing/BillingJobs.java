package dev.pledge.server.billing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Billing's jobs on db-scheduler, each on one instance at a time across the cluster: the monthly
 * periods and their credit grants every ten minutes (a period starts at most ten minutes late), and
 * once an hour forgetting the processor's event ids after 90 days.
 */
@Configuration(proxyBeanMethods = false)
class BillingJobs {

  static final Duration EVENT_IDS_KEPT = Duration.ofDays(90);

  @Bean
  RecurringTask<Void> billingMonthlyGrantsTask(MonthlyGrants grants, Clock clock) {
    return Tasks.recurring("billing-monthly-grants", FixedDelay.of(Duration.ofMinutes(10)))
        .execute((instance, context) -> grants.run(clock.instant()));
  }

  @Bean
  RecurringTask<Void> billingWebhookEventsTidyTask(JdbcClient jdbc, Clock clock) {
    return Tasks.recurring("billing-webhook-events-tidy", FixedDelay.of(Duration.ofHours(1)))
        .execute(
            (instance, context) ->
                jdbc.sql("delete from billing_webhook_event where received_at < :before")
                    .param("before", Timestamp.from(clock.instant().minus(EVENT_IDS_KEPT)))
                    .update());
  }
}
