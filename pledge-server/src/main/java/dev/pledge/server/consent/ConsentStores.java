package dev.pledge.server.consent;

import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consent receipts as the engine's store, category {@code user.consent.records}: expired from
 * their recording time, exported with the account, and on erasure kept under the policy's legal
 * hold (proof of consent) with the account id replaced by a pseudonym.
 */
@Component
class ConsentStores implements RetentionStores {

  static final String CATEGORY = "user.consent.records";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  ConsentStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    if (studio.policy().category(CATEGORY).isEmpty()) {
      return List.of();
    }
    return List.of(
        TableRetentionStore.builder(jdbc, tx)
            .name("consent.receipts")
            .holds(studio.property().id(), CATEGORY)
            .table("consent_receipt", "recorded_at")
            .subjectColumn("account_id")
            .build());
  }
}
