package dev.pledge.server.policychanges;

import dev.pledge.server.accounts.AccountDataStore;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.studio.Studio;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The module's tables: each person's answer to a change is kept with their account as a preference
 * (erased and exported with it); the policy texts and changes hold no personal data.
 */
@Component
class PolicyChangeStores implements RetentionStores, DeclaredTables {

  static final String PREFERENCES = "user.account.preferences";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  PolicyChangeStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    if (studio.policy().category(PREFERENCES).isEmpty()) {
      return List.of();
    }
    return List.of(
        AccountDataStore.builder(jdbc, tx)
            .name("policychanges.decisions")
            .holds(studio.property().id(), PREFERENCES)
            .table("policy_change_decision")
            .build());
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "policy_text", "the text of each policy version published, to compare the next with",
        "policy_change", "each announced change with its summary and dates; no person");
  }
}
