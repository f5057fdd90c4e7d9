package dev.pledge.server.privacy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the rights-request tables with {@code pledge verify}. The requests hold the requester's
 * address, so they are a store of personal data, bound to a category {@code rights.requests} that
 * no shipped policy declares yet: verify lists that as "not enforced" rather than pretending the
 * records expire. The mail bookkeeping holds only hashes.
 */
@Component
class RightsRequestTables implements RetentionStores, DeclaredTables {

  static final String CATEGORY = "rights.requests";

  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  RightsRequestTables(PolicyCatalog catalog, JdbcClient jdbc, TransactionTemplate tx) {
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> out = new java.util.ArrayList<>();
    for (ServedProperty p : catalog.all()) {
      out.add(
          TableRetentionStore.builder(jdbc, tx)
              .name(p.id().value() + ".rights-requests")
              .holds(p.id(), CATEGORY)
              .table("rights_request", "last_activity_at")
              .propertyColumn("property_id")
              .alsoCovers("rights_request_event")
              .build());
    }
    return out;
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "rights_mail_message",
        "SHA-256 hashes of handled Message-IDs and the request reference they opened");
  }
}
