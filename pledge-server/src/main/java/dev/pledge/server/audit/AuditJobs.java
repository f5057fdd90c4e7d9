package dev.pledge.server.audit;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Wires the audit trail, signs a checkpoint on db-scheduler (once across all instances) when the
 * trail has grown, and records at start-up which policy version each property serves and the
 * settings that changed since the last start (SettingsAudit). In maintenance mode (the CLI working
 * on a deployment's database) nothing is appended or signed.
 */
@Configuration(proxyBeanMethods = false)
class AuditJobs {

  private static final Logger log = LoggerFactory.getLogger(AuditJobs.class);

  @Bean
  AuditTrail auditTrail(
      DataSource dataSource,
      PlatformTransactionManager transactions,
      PledgeSettings settings,
      AuditSettings audit,
      Clock clock) {
    return new AuditTrail(
        dataSource, transactions, new AuditKeys(settings.dataDir().resolve("keys")), audit, clock);
  }

  @Bean
  ErasureLedger erasureLedger(PledgeSettings settings) {
    return new ErasureLedger(settings.dataDir().resolve("keys").resolve(ErasureLedger.FILE_NAME));
  }

  @Bean
  RecurringTask<Void> auditCheckpointTask(AuditTrail trail, AuditSettings settings) {
    return Tasks.recurring("audit-checkpoint", FixedDelay.of(settings.checkpointInterval()))
        .execute((instance, context) -> trail.checkpoint());
  }

  @EventListener(ApplicationReadyEvent.class)
  void recordPoliciesAtStart(ApplicationReadyEvent event) {
    var context = event.getApplicationContext();
    if (context.getBean(PledgeSettings.class).maintenance()) {
      return;
    }
    AuditTrail trail = context.getBean(AuditTrail.class);
    for (ServedProperty p : context.getBean(PolicyCatalog.class).all()) {
      trail.append(
          AuditRecord.of("system:startup", "policy.loaded")
              .property(p.id().value())
              .detail("policy_sha256", p.sha256())
              .detail("effective", String.valueOf(p.policy().effective())));
    }
    SettingsAudit.recordIfChanged(trail, context.getEnvironment());
    trail
        .checkpoint()
        .ifPresent(
            c -> log.info("Audit trail: signed checkpoint #{} at entry {}", c.no(), c.seq()));
  }
}
