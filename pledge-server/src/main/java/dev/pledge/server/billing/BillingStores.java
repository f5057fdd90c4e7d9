package dev.pledge.server.billing;

import dev.pledge.server.accounts.AccountDataStore;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Billing's tables, registered with the engine under the policy's categories. The plan an account
 * is on is account data (kept while the account is, and 90 days after its deletion). The credit
 * ledger and the payment records are kept 7 years from when each was made, and under the policy's
 * legal hold (B-20): an erasure keeps them but replaces the account id with the erasure's
 * pseudonym, so they still expire on schedule and nothing leads back to the person. Export finds
 * the person's rows by {@code account_id}.
 */
@Component
class BillingStores implements RetentionStores {

  static final String SUBSCRIPTION = "user.account.subscription";
  static final String CREDITS = "user.financial.credits";
  static final String PAYMENTS = "user.financial.payment_records";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  BillingStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> stores = new ArrayList<>();
    if (declares(SUBSCRIPTION)) {
      stores.add(
          AccountDataStore.builder(jdbc, tx)
              .name("studio.billing.plans")
              .holds(studio.property().id(), SUBSCRIPTION)
              .table("billing_subscription")
              .build());
    }
    held(stores, CREDITS, "studio.billing.credit-ledger", "billing_credit_entry", "created_at");
    held(stores, CREDITS, "studio.billing.credit-balances", "billing_credit_balance", "updated_at");
    held(
        stores,
        PAYMENTS,
        "studio.billing.subscription-changes",
        "billing_subscription_change",
        "created_at");
    return stores;
  }

  private void held(
      List<RetentionStore> stores, String category, String name, String table, String anchor) {
    if (!declares(category)) {
      return; // a policy that does not collect it: nothing to register, and verify says so
    }
    stores.add(
        TableRetentionStore.builder(jdbc, tx)
            .name(name)
            .holds(studio.property().id(), category)
            .table(table, anchor)
            .subjectColumn("account_id")
            .build());
  }

  private boolean declares(String category) {
    return studio.policy().category(category).isPresent();
  }
}
