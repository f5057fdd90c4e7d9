package dev.pledge.server.incidents;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Breach escalations on db-scheduler, so that with several instances one sends them. */
@Configuration(proxyBeanMethods = false)
class IncidentJobs {

  @Bean
  RecurringTask<Void> incidentEscalationTask(
      IncidentEscalations escalations,
      @Value("${pledge.incidents.escalation-interval:PT5M}") Duration interval) {
    return Tasks.recurring("incident-escalations", FixedDelay.of(interval))
        .execute((instance, context) -> escalations.escalate());
  }
}
