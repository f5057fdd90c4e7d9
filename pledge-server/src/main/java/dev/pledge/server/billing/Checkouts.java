package dev.pledge.server.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code billing_checkout} table: checkouts started at the processor. */
@Repository
class Checkouts {

  static final String PLAN = "plan";
  static final String CREDITS = "credits";
  static final String OPEN = "open";
  static final String COMPLETED = "completed";
  static final String CANCELLED = "cancelled";

  /** One checkout. */
  record Checkout(
      String id,
      String accountId,
      String kind,
      String planId,
      String packId,
      Long credits,
      long amountCents,
      String currency,
      String processor,
      String processorSession,
      String status,
      Instant createdAt,
      Instant completedAt) {

    public boolean plan() {
      return PLAN.equals(kind);
    }
  }

  private static final String SELECT =
      "select id, account_id, kind, plan_id, pack_id, credits, amount_cents, currency, processor,"
          + " processor_session, status, created_at, completed_at from billing_checkout";

  private final JdbcClient jdbc;

  Checkouts(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void create(Checkout c) {
    jdbc.sql(
            """
            insert into billing_checkout (id, account_id, kind, plan_id, pack_id, credits,
              amount_cents, currency, processor, status, created_at)
            values (:id, :a, :kind, :plan, :pack, :credits, :amount, :currency, :processor,
              'open', :at)
            """)
        .param("id", c.id())
        .param("a", c.accountId())
        .param("kind", c.kind())
        .param("plan", c.planId())
        .param("pack", c.packId())
        .param("credits", c.credits())
        .param("amount", c.amountCents())
        .param("currency", c.currency())
        .param("processor", c.processor())
        .param("at", Timestamp.from(c.createdAt()))
        .update();
  }

  Optional<Checkout> find(String id) {
    return jdbc.sql(SELECT + " where id = :id").param("id", id).query(Checkouts::row).optional();
  }

  Optional<Checkout> lock(String id) {
    return jdbc.sql(SELECT + " where id = :id for update")
        .param("id", id)
        .query(Checkouts::row)
        .optional();
  }

  /** The checkout, if it is {@code accountId}'s (B-14). */
  Optional<Checkout> ofAccount(String accountId, String id) {
    return jdbc.sql(SELECT + " where id = :id and account_id = :a")
        .param("id", id)
        .param("a", accountId)
        .query(Checkouts::row)
        .optional();
  }

  void session(String id, String session) {
    jdbc.sql("update billing_checkout set processor_session = :s where id = :id")
        .param("s", session)
        .param("id", id)
        .update();
  }

  void complete(String id, String session, Instant at) {
    jdbc.sql(
            "update billing_checkout set status = 'completed', completed_at = :at,"
                + " processor_session = coalesce(processor_session, :s) where id = :id")
        .param("at", Timestamp.from(at))
        .param("s", session)
        .param("id", id)
        .update();
  }

  /** The person left the processor's page without paying. */
  void cancel(String accountId, String id) {
    jdbc.sql(
            "update billing_checkout set status = 'cancelled' where id = :id and account_id = :a"
                + " and status = 'open'")
        .param("id", id)
        .param("a", accountId)
        .update();
  }

  private static Checkout row(ResultSet rs, int i) throws SQLException {
    Timestamp done = rs.getTimestamp("completed_at");
    return new Checkout(
        rs.getString("id"),
        rs.getString("account_id"),
        rs.getString("kind"),
        rs.getString("plan_id"),
        rs.getString("pack_id"),
        (Long) rs.getObject("credits", Long.class),
        rs.getLong("amount_cents"),
        rs.getString("currency"),
        rs.getString("processor"),
        rs.getString("processor_session"),
        rs.getString("status"),
        rs.getTimestamp("created_at").toInstant(),
        done == null ? null : done.toInstant());
  }
}
