package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import dev.pledge.server.rights.ErasureReceipt;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Payment records outlive an erasure (B-20): kept under the policy's 7-year legal hold, unlinked
 * from the person — the account id replaced by the erasure's pseudonym, the name, address and tax
 * id printed on the invoice cleared — whether the person is erased by a request or by retention 90
 * days after deleting the account.
 */
@WithRunningServer
class PaymentRecordsErasureTest {

  static final List<String> HELD_TABLES =
      List.of(
          "billing_credit_entry",
          "billing_credit_balance",
          "billing_subscription_change",
          "billing_checkout",
          "billing_invoice",
          "billing_transaction");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Purchases purchases;
  @Autowired StandInProcessor standIn;
  @Autowired Credits credits;
  @Autowired RetentionEngine engine;
  @Autowired AuditTrail audit;

  /** A person who bought Pro and a credit pack through the stand-in and used some credits. */
  private StudioTestAccounts.Account customer(String name) {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, name, "en");
    buy(a, "pro", null);
    buy(a, null, "small");
    credits.charge(a.id(), 30, "edit: rotate", "job-erasure-" + a.id());
    return a;
  }

  private void buy(StudioTestAccounts.Account a, String plan, String pack) {
    purchases.start(
        a.id(),
        a.email(),
        plan,
        pack,
        "http://localhost:" + port + "/p/image-studio",
        Locale.ENGLISH);
    String session =
        jdbc.sql(
                "select processor_session from billing_checkout where account_id = :a"
                    + " and status = 'open' order by created_at desc limit 1")
            .param("a", a.id())
            .query(String.class)
            .single();
    // The stand-in posts the signed events to the studio's webhook, as Stripe would.
    standIn.pay(
        session,
        new StandInProcessor.BillingDetails(
            a.username() + " Billing", "9 Ledger Row", "EH1 1AA", "Edinburgh", "GB", "GB555"));
  }

  private long rowsOf(String table, String accountId) {
    return jdbc.sql("select count(*) from " + table + " where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }

  /** Rows of any billing table that still carry the person's name or address anywhere. */
  private long rowsNaming(String text) {
    long n = 0;
    for (String table : HELD_TABLES) {
      n +=
          jdbc.sql(
                  "select count(*) from "
                      + table
                      + " t where position(:text in cast(row_to_json(t) as text)) > 0")
              .param("text", text)
              .query(Long.class)
              .single();
    }
    return n;
  }

  private void assertUnlinked(StudioTestAccounts.Account a, Map<String, Long> before) {
    String pseudonym = HeldRecords.PSEUDONYM_PREFIX + audit.subjectReference(a.id());
    for (String table : HELD_TABLES) {
      assertThat(rowsOf(table, a.id())).as(table + ": nothing names the account").isZero();
      assertThat(rowsOf(table, pseudonym))
          .as(table + ": every row kept under the pseudonym")
          .isEqualTo(before.get(table));
    }
    assertThat(rowsNaming(a.username())).as("the billing name and the username").isZero();
    assertThat(rowsNaming("9 Ledger Row")).as("the billing address").isZero();
    assertThat(rowsNaming("GB555")).as("the tax id").isZero();
    var invoices =
        jdbc.sql(
                "select kind, amount_cents, currency, number, billing_country, processor_invoice"
                    + " from billing_invoice where account_id = :p order by kind desc")
            .param("p", pseudonym)
            .query()
            .listOfRows();
    assertThat(invoices).hasSize(2);
    assertThat(invoices.get(0))
        .as("what the books need stays: amount, currency, number, country, the processor's id")
        .containsEntry("kind", "plan")
        .containsEntry("amount_cents", 1500L)
        .containsEntry("currency", "EUR")
        .containsEntry("billing_country", "GB");
    assertThat((String) invoices.get(0).get("number")).startsWith("DEMO-");
    assertThat((String) invoices.get(0).get("processor_invoice")).startsWith("in_test_");
    assertThat(rowsOf("billing_subscription", a.id()))
        .as("the plan itself is account data")
        .isZero();
  }

  private Map<String, Long> heldRows(StudioTestAccounts.Account a) {
    Map<String, Long> rows = new java.util.LinkedHashMap<>();
    for (String table : HELD_TABLES) {
      long n = rowsOf(table, a.id());
      assertThat(n).as(table + " has the person's rows before").isPositive();
      rows.put(table, n);
    }
    return rows;
  }

  @Test
  @DisplayName(
      "B-20 an erased studio user's payment records remain for 7 years without the person's"
          + " identifiers, and the receipt lists the billing stores as held")
  void erasureKeepsPaymentRecordsUnlinked() {
    StudioTestAccounts.Account a = customer("Ines");
    Map<String, Long> before = heldRows(a);

    List<ErasureLine> receipt = engine.erase("image-studio", a.id(), "test");

    for (String store :
        List.of(
            "studio.billing.invoices",
            "studio.billing.transactions",
            "studio.billing.checkouts",
            "studio.billing.subscription-changes",
            "studio.billing.credit-ledger",
            "studio.billing.credit-balances")) {
      ErasureLine line =
          receipt.stream().filter(l -> l.store().equals(store)).findFirst().orElseThrow();
      assertThat(line.held()).as(store + " held").isPositive();
      assertThat(line.erased()).as(store + " erased").isZero();
      assertThat(line.remaining()).as(store + " still linked").isZero();
      assertThat(line.holdReason()).as(store).contains("seven years");
    }
    ErasureLine plan =
        receipt.stream()
            .filter(l -> l.store().equals("studio.billing.plans"))
            .findFirst()
            .orElseThrow();
    assertThat(plan.erased()).isEqualTo(1);
    assertThat(plan.held()).isZero();
    assertThat(receipt).allSatisfy(l -> assertThat(l.remaining()).as(l.store()).isZero());
    assertThat(ErasureReceipt.forHistory(receipt))
        .contains(
            "Payment and tax records [studio.billing.invoices]: "
                + dev.pledge.server.shared.HumanFormat.plural(before.get("billing_invoice"), "item")
                + " kept under a legal hold (Tax and accounting law requires payment records to be"
                + " kept for seven years.), no longer linked to you");
    assertUnlinked(a, before);

    // Erasing again (a retried job) still accounts for what is held, and changes nothing.
    List<ErasureLine> again = engine.erase("image-studio", a.id(), "test");
    assertThat(again)
        .filteredOn(l -> l.store().equals("studio.billing.invoices"))
        .singleElement()
        .satisfies(l -> assertThat(l.held()).isEqualTo(before.get("billing_invoice")));
    assertUnlinked(a, before);
  }

  @Test
  @DisplayName(
      "B-16 B-20 an account erased by retention 90 days after its deletion: its payment records"
          + " are unlinked under the same pseudonym an erasure gives")
  void retentionErasureUnlinksToo() {
    StudioTestAccounts.Account a = customer("Olek");
    Map<String, Long> before = heldRows(a);
    jdbc.sql("update studio_account set deleted_at = :at where account_id = :a")
        .param("at", Timestamp.from(TestClock.get().instant().minus(Duration.ofDays(100))))
        .param("a", a.id())
        .update();

    // The account table's rule and the plan's: what the sweep does to an account past its 90 days.
    var accounts =
        engine.bindings().stream()
            .filter(
                b -> List.of("studio.accounts", "studio.billing.plans").contains(b.store().name()))
            .toList();
    engine.sweep(accounts, "test", TestClock.get().instant());

    assertThat(rowsOf("studio_account", a.id())).as("the account is erased").isZero();
    assertUnlinked(a, before);
  }
}
