package dev.pledge.server.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The credit ledger's tables, in explicit SQL. Every method runs in the caller's transaction. An
 * entry and the balance change together; the balance is changed by one conditional statement, so
 * concurrent charges queue on the balance row and none can take it below zero.
 */
@Repository
class Ledger {

  private static final String SELECT =
      "select id, kind, credits, balance_after, reason, reference, created_at"
          + " from billing_credit_entry";

  private final JdbcClient jdbc;

  Ledger(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** What {@link #add} did. */
  sealed interface Outcome {}

  /** Recorded now. */
  record Added(CreditEntry entry) implements Outcome {}

  /** Recorded before, under the same kind and reference: nothing changed. */
  record AlreadyRecorded(CreditEntry entry) implements Outcome {}

  /** Refused: the balance is short. Nothing changed. */
  record Short(long balance) implements Outcome {}

  /**
   * Adds {@code credits} (negative to use them) to the account's balance and records the entry,
   * once per (account, kind, reference). A use the balance cannot cover changes nothing.
   */
  Outcome add(
      String accountId,
      CreditKind kind,
      long credits,
      String reason,
      String reference,
      Instant at) {
    Timestamp now = Timestamp.from(at);
    jdbc.sql(
            "insert into billing_credit_balance (account_id, balance, updated_at)"
                + " values (:a, 0, :now) on conflict (account_id) do nothing")
        .param("a", accountId)
        .param("now", now)
        .update();
    String id = UUID.randomUUID().toString();
    // The unique index makes a concurrent twin wait here until this transaction ends, then
    // find this entry.
    int inserted =
        jdbc.sql(
                """
                insert into billing_credit_entry (id, account_id, kind, credits, balance_after,
                  reason, reference, created_at)
                values (:id, :a, :kind, :credits, 0, :reason, :reference, :now)
                on conflict (account_id, kind, reference) do nothing
                """)
            .param("id", id)
            .param("a", accountId)
            .param("kind", kind.key())
            .param("credits", credits)
            .param("reason", reason)
            .param("reference", reference)
            .param("now", now)
            .update();
    if (inserted == 0) {
      return new AlreadyRecorded(find(accountId, kind, reference).orElseThrow());
    }
    Optional<Long> balance =
        jdbc.sql(
                "update billing_credit_balance set balance = balance + :credits, updated_at = :now"
                    + " where account_id = :a and balance + :credits >= 0 returning balance")
            .param("a", accountId)
            .param("credits", credits)
            .param("now", now)
            .query(Long.class)
            .optional();
    if (balance.isEmpty()) {
      jdbc.sql("delete from billing_credit_entry where id = :id").param("id", id).update();
      return new Short(balance(accountId));
    }
    jdbc.sql("update billing_credit_entry set balance_after = :b where id = :id")
        .param("b", balance.get())
        .param("id", id)
        .update();
    return new Added(new CreditEntry(id, kind, credits, balance.get(), reason, reference, at));
  }

  /**
   * Takes back up to {@code credits} purchased credits, never more than the balance holds (what was
   * already used stays used); once per reference.
   */
  Outcome reverse(String accountId, long credits, String reason, String reference, Instant at) {
    Optional<CreditEntry> before = find(accountId, CreditKind.REVERSAL, reference);
    if (before.isPresent()) {
      return new AlreadyRecorded(before.get());
    }
    long balance =
        jdbc.sql("select balance from billing_credit_balance where account_id = :a for update")
            .param("a", accountId)
            .query(Long.class)
            .optional()
            .orElse(0L);
    return add(accountId, CreditKind.REVERSAL, -Math.min(credits, balance), reason, reference, at);
  }

  long balance(String accountId) {
    return jdbc.sql("select balance from billing_credit_balance where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .optional()
        .orElse(0L);
  }

  Optional<CreditEntry> find(String accountId, CreditKind kind, String reference) {
    return jdbc.sql(SELECT + " where account_id = :a and kind = :kind and reference = :reference")
        .param("a", accountId)
        .param("kind", kind.key())
        .param("reference", reference)
        .query(Ledger::row)
        .optional();
  }

  /** The account's entries, newest first. */
  List<CreditEntry> page(String accountId, int offset, int limit) {
    return jdbc.sql(
            SELECT
                + " where account_id = :a order by created_at desc, id desc"
                + " offset :offset limit :limit")
        .param("a", accountId)
        .param("offset", offset)
        .param("limit", limit)
        .query(Ledger::row)
        .list();
  }

  long count(String accountId) {
    return jdbc.sql("select count(*) from billing_credit_entry where account_id = :a")
        .param("a", accountId)
        .query(Long.class)
        .single();
  }

  /** Credits used since {@code since}: charges less the refunds of failed edits. */
  long usedSince(String accountId, Instant since) {
    return jdbc.sql(
            "select coalesce(-sum(credits), 0) from billing_credit_entry where account_id = :a"
                + " and kind in ('charge', 'refund') and created_at >= :since")
        .param("a", accountId)
        .param("since", Timestamp.from(since))
        .query(Long.class)
        .single();
  }

  /**
   * Credits used per UTC day from {@code from} to {@code to} inclusive (charges less refunds),
   * every day present, 0 where nothing was used.
   */
  Map<LocalDate, Long> dailyUse(String accountId, LocalDate from, LocalDate to) {
    Map<LocalDate, Long> days = new LinkedHashMap<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      days.put(d, 0L);
    }
    jdbc.sql(
            """
            select (created_at at time zone 'UTC')::date as day, -sum(credits) as used
            from billing_credit_entry
            where account_id = :a and kind in ('charge', 'refund')
              and created_at >= :from and created_at < :to
            group by 1
            """)
        .param("a", accountId)
        .param("from", Timestamp.from(from.atStartOfDay(ZoneOffset.UTC).toInstant()))
        .param("to", Timestamp.from(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()))
        .query(
            (RowCallbackHandler)
                rs -> {
                  LocalDate day = rs.getObject("day", LocalDate.class);
                  long used = rs.getLong("used");
                  days.computeIfPresent(day, (d, v) -> used);
                });
    return days;
  }

  private static CreditEntry row(ResultSet rs, int i) throws SQLException {
    return new CreditEntry(
        rs.getString("id"),
        CreditKind.of(rs.getString("kind")).orElseThrow(),
        rs.getLong("credits"),
        rs.getLong("balance_after"),
        rs.getString("reason"),
        rs.getString("reference"),
        rs.getTimestamp("created_at").toInstant());
  }
}
