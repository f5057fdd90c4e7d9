package dev.pledge.server.billing;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Billing's jobs on db-scheduler, each on one instance at a time across the cluster: the monthly
 * periods and their credit grants, every ten minutes (a period starts at most ten minutes late).
 */
@Configuration(proxyBeanMethods = false)
class BillingJobs {

  @Bean
  RecurringTask<Void> billingMonthlyGrantsTask(MonthlyGrants grants, Clock clock) {
    return Tasks.recurring("billing-monthly-grants", FixedDelay.of(Duration.ofMinutes(10)))
        .execute((instance, context) -> grants.run(clock.instant()));
  }
}
