package dev.pledge.server.compliance;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The engine's own bookkeeping tables, which hold no personal data. */
@Component
class EngineTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "policy_version", "the policy files served, by hash",
        "flyway_schema_history", "the schema migrations applied",
        "scheduled_tasks", "job state of db-scheduler; Pledge's jobs carry no data",
        "audit_entry", "the audit trail: subjects appear only as keyed hashes",
        "audit_checkpoint", "signed checkpoints of the audit trail",
        "audit_signing_key", "public keys of the audit trail's checkpoints");
  }
}
