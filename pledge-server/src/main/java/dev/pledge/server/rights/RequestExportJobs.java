package dev.pledge.server.rights;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Deletes export files whose download link expired unused, hourly, on one instance at a time. */
@Configuration(proxyBeanMethods = false)
class RequestExportJobs {

  @Bean
  RecurringTask<Void> expiredExportFilesTask(RequestExports exports) {
    return Tasks.recurring("rights-export-cleanup", FixedDelay.of(Duration.ofHours(1)))
        .execute((instance, context) -> exports.deleteExpiredFiles());
  }
}
