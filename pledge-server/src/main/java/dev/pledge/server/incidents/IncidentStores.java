package dev.pledge.server.incidents;

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
 * The incidents' tables for the engine: who was told of a breach is account data (kept, erased and
 * exported with the account); the incidents themselves, their notices and escalations hold counts
 * and authorities' addresses, no person's data.
 */
@Component
class IncidentStores implements RetentionStores, DeclaredTables {

  static final String IDENTITY = "user.account.identity";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  IncidentStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    if (studio.policy().category(IDENTITY).isEmpty()) {
      return List.of();
    }
    return List.of(
        AccountDataStore.builder(jdbc, tx)
            .name("incidents.people-told")
            .holds(studio.property().id(), IDENTITY)
            .table("incident_person")
            .build());
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "incident",
        "breach incidents: what happened, the stores and categories, counts of people by region"
            + " and law — no person",
        "incident_notice",
        "the notices as approved and the regulator's address (an authority's); the people's"
            + " notice has no addressee",
        "incident_escalation",
        "which deadline e-mails went to the operators, and when");
  }
}
