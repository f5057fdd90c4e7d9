package dev.pledge.server.support;

import dev.pledge.server.accounts.AccountDataStore;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every table of the support module, registered with the engine under the studio policy's
 * categories, for retention, erasure and the access export:
 *
 * <ul>
 *   <li>support tickets and their threads: 5 years after the last message (B-21);
 *   <li>feedback: the same period, from when it was given (a feedback entry is its own last
 *       message);
 *   <li>the anonymised training copies of feedback: permanent, and nothing in them finds a person;
 *   <li>marketing preferences, confirmation links and unsubscribe tokens: while the account is
 *       active and for the category's period after its deletion.
 * </ul>
 */
@Component
class SupportStores implements RetentionStores, DeclaredTables {

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  SupportStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> stores = new ArrayList<>();
    var property = studio.property().id();
    if (declares(SupportWords.SUPPORT)) {
      stores.add(new TicketStore(jdbc, tx, property, SupportWords.SUPPORT));
    }
    if (declares(SupportWords.FEEDBACK)) {
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("support.feedback")
              .holds(property, SupportWords.FEEDBACK)
              .table("support_feedback", "created_at")
              .propertyColumn("property_id")
              .subjectColumn("account_id")
              .build());
    }
    if (declares(SupportWords.TRAINING)) {
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("support.training-feedback")
              .holds(property, SupportWords.TRAINING)
              .table("training_feedback", "day")
              .propertyColumn("property_id")
              .build());
    }
    if (declares(SupportWords.MARKETING)) {
      stores.add(marketing("support.marketing-preferences", "marketing_subscription"));
      stores.add(
          AccountDataStore.builder(jdbc, tx)
              .name("support.marketing-confirmations")
              .holds(property, SupportWords.MARKETING)
              .table("marketing_confirmation")
              .withheld("token_hash")
              .build());
      stores.add(
          AccountDataStore.builder(jdbc, tx)
              .name("support.marketing-unsubscribe-links")
              .holds(property, SupportWords.MARKETING)
              .table("marketing_unsubscribe")
              .withheld("token_hash")
              .build());
    }
    return stores;
  }

  private RetentionStore marketing(String name, String table) {
    return AccountDataStore.builder(jdbc, tx)
        .name(name)
        .holds(studio.property().id(), SupportWords.MARKETING)
        .table(table)
        .build();
  }

  private boolean declares(String category) {
    return studio.policy().category(category).isPresent();
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "support_mail_message",
        "the SHA-256 of each support-mailbox message's Message-ID and what became of it, so a"
            + " message is handled once; no address, no subject",
        "marketing_campaign",
        "what an operator sent to a marketing topic and how many received it; no recipient");
  }
}
