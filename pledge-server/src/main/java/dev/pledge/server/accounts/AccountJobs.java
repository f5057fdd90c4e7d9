package dev.pledge.server.accounts;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The accounts' housekeeping on db-scheduler, once across instances: used and expired links and
 * team invitations are forgotten a day after they end (an invitation holds someone's address).
 */
@Configuration(proxyBeanMethods = false)
class AccountJobs {

  @Bean
  RecurringTask<Void> studioLinksTidyTask(SingleUseTokens tokens, Teams teams) {
    return Tasks.recurring("studio-links-tidy", FixedDelay.of(Duration.ofHours(1)))
        .execute(
            (instance, context) -> {
              tokens.tidy();
              teams.tidy();
            });
  }
}
