package dev.pledge.server.policychanges;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.PolicySource;
import dev.pledge.server.policy.ServedProperty;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Publishing and the effective date: each policy the server starts with is published (a new version
 * is announced, the same one changes nothing), and a db-scheduler job puts changes into force when
 * their date comes — single-run across instances.
 */
@Configuration(proxyBeanMethods = false)
class PolicyChangeJobs {

  private final PolicyChanges changes;
  private final PolicyCatalog catalog;

  PolicyChangeJobs(PolicyChanges changes, PolicyCatalog catalog) {
    this.changes = changes;
    this.catalog = catalog;
  }

  @EventListener(ApplicationReadyEvent.class)
  void publishServedPolicies() {
    for (ServedProperty p : catalog.all()) {
      changes.publish(p.id().value(), PolicySource.text(p.source()));
    }
    changes.bringIntoForce();
  }

  @Bean
  RecurringTask<Void> policyChangeTask(
      @Value("${pledge.policy-changes.interval:PT1H}") Duration interval) {
    return Tasks.recurring("policy-changes", FixedDelay.of(interval))
        .execute((instance, context) -> changes.bringIntoForce());
  }
}
