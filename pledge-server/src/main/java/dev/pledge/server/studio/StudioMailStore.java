package dev.pledge.server.studio;

import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox holds addresses and names until a message is sent, so it is a store of the account's
 * identity: an erasure or export of the account finds its queued messages. Its rows live a week at
 * most (see {@link StudioMail#tidy}), far inside the category's rule, so retention never finds one
 * due; the anchor given is the row's creation, the only time an outbox row has.
 */
@Component
class StudioMailStore implements RetentionStores {

  static final String CATEGORY = "user.account.identity";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  StudioMailStore(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
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
            .name("studio.mail-outbox")
            .holds(studio.property().id(), CATEGORY)
            .table("studio_mail", "created_at")
            .propertyColumn("property_id")
            .subjectColumn("account_id")
            .build());
  }
}
