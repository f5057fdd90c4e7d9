package dev.pledge.server.billing;

import dev.pledge.server.accounts.AccountDataStore;
import dev.pledge.server.accounts.AccountErased;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Billing's tables, registered with the engine under the policy's categories. The plan an account
 * is on is account data (kept while the account is, and 90 days after its deletion). The credit
 * ledger and the payment records are kept 7 years from when each was made, and under the policy's
 * legal hold (B-20): an erasure keeps them but replaces the account id with the erasure's pseudonym
 * and clears the invoice's billing name, address and tax id ({@link HeldRecords}), so they still
 * expire on schedule and nothing leads back to the person. Export finds the person's rows by {@code
 * account_id}.
 */
@Component
class BillingStores implements RetentionStores, DeclaredTables {

  static final String SUBSCRIPTION = "user.account.subscription";
  static final String CREDITS = "user.financial.credits";
  static final String PAYMENTS = "user.financial.payment_records";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditTrail audit;

  BillingStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx, AuditTrail audit) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
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
    stores.addAll(held());
    return stores;
  }

  /** The tables kept under the legal hold, each with the columns that name the person. */
  List<HeldRecords> held() {
    List<HeldRecords> held = new ArrayList<>();
    held(held, CREDITS, "studio.billing.credit-ledger", "billing_credit_entry", "created_at");
    held(held, CREDITS, "studio.billing.credit-balances", "billing_credit_balance", "updated_at");
    held(
        held,
        PAYMENTS,
        "studio.billing.subscription-changes",
        "billing_subscription_change",
        "created_at");
    held(held, PAYMENTS, "studio.billing.checkouts", "billing_checkout", "created_at");
    held(
        held,
        PAYMENTS,
        "studio.billing.invoices",
        "billing_invoice",
        "issued_at",
        "billing_name",
        "billing_address",
        "tax_id");
    held(held, PAYMENTS, "studio.billing.transactions", "billing_transaction", "created_at");
    return held;
  }

  /**
   * The account is gone — erased by retention 90 days after its deletion, or by an erasure: its
   * held records are unlinked at once, under the pseudonym the engine's erasure gives the same
   * person, so a held record never names an account that no longer exists (B-20). Idempotent: an
   * engine erasure that already unlinked them finds nothing left.
   */
  @EventListener
  void accountErased(AccountErased e) {
    String pseudonym = HeldRecords.PSEUDONYM_PREFIX + audit.subjectReference(e.accountId());
    tx.executeWithoutResult(t -> held().forEach(h -> h.unlink(e.accountId(), pseudonym)));
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "billing_webhook_event",
        "the payment processor's event ids and types already handled (idempotency), kept 90"
            + " days; nothing about the person",
        "billing_processor_transfer",
        "how many times payment data went to or came from the processor, per day and purpose"
            + " (the processor gate's record); counts only");
  }

  private void held(
      List<HeldRecords> held,
      String category,
      String name,
      String table,
      String anchor,
      String... cleared) {
    if (!declares(category)) {
      return; // a policy that does not collect it: nothing to register, and verify says so
    }
    held.add(
        new HeldRecords(
            TableRetentionStore.builder(jdbc, tx)
                .name(name)
                .holds(studio.property().id(), category)
                .table(table, anchor)
                .subjectColumn("account_id")
                .build(),
            table,
            List.of(cleared),
            jdbc,
            tx));
  }

  private boolean declares(String category) {
    return studio.policy().category(category).isPresent();
  }
}
