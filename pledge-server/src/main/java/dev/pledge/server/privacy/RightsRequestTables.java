package dev.pledge.server.privacy;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the rights-request tables with the retention engine. A request holds the requester's
 * address and is an exchange with them, so it is kept as the policy keeps correspondence: the
 * reference site's e-mail correspondence (12 months after the last message), the studio's support
 * communications (5 years). A policy declaring neither leaves the store bound to {@code
 * rights.requests}, which verify lists as not enforced rather than pretending the records expire.
 * The mail bookkeeping holds only hashes.
 */
@Component
class RightsRequestTables implements RetentionStores, DeclaredTables {

  static final String CATEGORY = "rights.requests";

  /** The categories a request record is kept as, in order of preference. */
  static final List<String> KEPT_AS =
      List.of("user.contact.correspondence", "user.communications.support");

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
              .name("rights.requests")
              .holds(p.id(), keptAs(p))
              .table("rights_request", "last_activity_at")
              .propertyColumn("property_id")
              .alsoCovers("rights_request_event", "rights_request_export")
              .build());
    }
    return out;
  }

  static String keptAs(ServedProperty p) {
    return KEPT_AS.stream()
        .filter(id -> p.policy().categories().stream().anyMatch(c -> c.id().equals(id)))
        .findFirst()
        .orElse(CATEGORY);
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "rights_mail_message",
        "SHA-256 hashes of handled Message-IDs and the request reference they opened");
  }
}
