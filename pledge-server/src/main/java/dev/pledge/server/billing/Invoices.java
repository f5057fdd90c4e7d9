package dev.pledge.server.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code billing_invoice} and {@code billing_transaction} tables. */
@Repository
class Invoices {

  static final String PAID = "paid";
  static final String PARTIALLY_REFUNDED = "partially-refunded";
  static final String REFUNDED = "refunded";

  /** An invoice as the processor issued it. */
  record Invoice(
      String id,
      String accountId,
      String number,
      String processorInvoice,
      String processorPayment,
      String kind,
      String planId,
      Long credits,
      String checkoutId,
      Instant periodStart,
      Instant periodEnd,
      long amountCents,
      long refundedCents,
      String currency,
      String status,
      String billingName,
      String billingAddress,
      String billingCountry,
      String taxId,
      Instant issuedAt,
      Instant paidAt) {

    public boolean plan() {
      return Checkouts.PLAN.equals(kind);
    }
  }

  private static final String SELECT =
      "select id, account_id, number, processor_invoice, processor_payment, kind, plan_id,"
          + " credits, checkout_id, period_start, period_end, amount_cents, refunded_cents,"
          + " currency, status, billing_name, billing_address, billing_country, tax_id,"
          + " issued_at, paid_at from billing_invoice";

  private final JdbcClient jdbc;

  Invoices(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the invoice unless the processor's invoice is recorded already; true when new. */
  boolean insert(Invoice i) {
    return jdbc.sql(
                """
                insert into billing_invoice (id, account_id, number, processor_invoice,
                  processor_payment, kind, plan_id, credits, checkout_id, period_start, period_end,
                  amount_cents, refunded_cents, currency, status, billing_name, billing_address,
                  billing_country, tax_id, issued_at, paid_at)
                values (:id, :a, :number, :invoice, :payment, :kind, :plan, :credits, :checkout,
                  :start, :end, :amount, 0, :currency, 'paid', :name, :address, :country, :tax,
                  :issued, :paid)
                on conflict (processor_invoice) do nothing
                """)
            .param("id", i.id())
            .param("a", i.accountId())
            .param("number", i.number())
            .param("invoice", i.processorInvoice())
            .param("payment", i.processorPayment())
            .param("kind", i.kind())
            .param("plan", i.planId())
            .param("credits", i.credits())
            .param("checkout", i.checkoutId())
            .param("start", ts(i.periodStart()))
            .param("end", ts(i.periodEnd()))
            .param("amount", i.amountCents())
            .param("currency", i.currency())
            .param("name", i.billingName())
            .param("address", i.billingAddress())
            .param("country", i.billingCountry())
            .param("tax", i.taxId())
            .param("issued", ts(i.issuedAt()))
            .param("paid", ts(i.paidAt()))
            .update()
        == 1;
  }

  Optional<Invoice> byProcessorInvoice(String processorInvoice) {
    return jdbc.sql(SELECT + " where processor_invoice = :p")
        .param("p", processorInvoice)
        .query(Invoices::row)
        .optional();
  }

  /** The invoice paid by {@code payments} (a payment intent or a charge id), locked. */
  Optional<Invoice> lockByPayment(List<String> payments) {
    return jdbc.sql(SELECT + " where processor_payment in (:p) limit 1 for update")
        .param("p", payments)
        .query(Invoices::row)
        .optional();
  }

  void refunded(String id, long refundedCents, String status) {
    jdbc.sql("update billing_invoice set refunded_cents = :r, status = :s where id = :id")
        .param("r", refundedCents)
        .param("s", status)
        .param("id", id)
        .update();
  }

  /** The account's invoices, newest first. */
  List<Invoice> of(String accountId) {
    return jdbc.sql(SELECT + " where account_id = :a order by issued_at desc, id")
        .param("a", accountId)
        .query(Invoices::row)
        .list();
  }

  /** The invoice, if it is {@code accountId}'s (B-14). */
  Optional<Invoice> ofAccount(String accountId, String id) {
    return jdbc.sql(SELECT + " where id = :id and account_id = :a")
        .param("id", id)
        .param("a", accountId)
        .query(Invoices::row)
        .optional();
  }

  /** Records money moving once per kind and processor reference; true when new. */
  boolean transaction(
      String accountId,
      String kind,
      long amountCents,
      String currency,
      String invoiceId,
      String processorRef,
      Instant at) {
    return jdbc.sql(
                """
                insert into billing_transaction (id, account_id, kind, amount_cents, currency,
                  invoice_id, processor_ref, created_at)
                values (:id, :a, :kind, :amount, :currency, :invoice, :ref, :at)
                on conflict (kind, processor_ref) do nothing
                """)
            .param("id", UUID.randomUUID().toString())
            .param("a", accountId)
            .param("kind", kind)
            .param("amount", amountCents)
            .param("currency", currency)
            .param("invoice", invoiceId)
            .param("ref", processorRef)
            .param("at", Timestamp.from(at))
            .update()
        == 1;
  }

  private static Timestamp ts(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static Invoice row(ResultSet rs, int i) throws SQLException {
    return new Invoice(
        rs.getString("id"),
        rs.getString("account_id"),
        rs.getString("number"),
        rs.getString("processor_invoice"),
        rs.getString("processor_payment"),
        rs.getString("kind"),
        rs.getString("plan_id"),
        (Long) rs.getObject("credits", Long.class),
        rs.getString("checkout_id"),
        instant(rs.getTimestamp("period_start")),
        instant(rs.getTimestamp("period_end")),
        rs.getLong("amount_cents"),
        rs.getLong("refunded_cents"),
        rs.getString("currency"),
        rs.getString("status"),
        rs.getString("billing_name"),
        rs.getString("billing_address"),
        rs.getString("billing_country"),
        rs.getString("tax_id"),
        instant(rs.getTimestamp("issued_at")),
        instant(rs.getTimestamp("paid_at")));
  }
}
