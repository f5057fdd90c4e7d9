package dev.pledge.server.billing;

import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A billing table under the policy's legal hold (B-20): a {@link TableRetentionStore} anchored at
 * each record's creation — 7 years — whose erasure keeps the rows, replaces the account id with the
 * erasure's pseudonym and clears the columns that name the person ({@code cleared}: the billing
 * name, address and tax id an invoice was printed with). What stays — amounts, dates, numbers, the
 * processor's references — is what the books need; the full invoice stays with the processor, under
 * its own number. An account erased by retention (90 days after its deletion, B-16) is unlinked the
 * same way when the accounts module announces it ({@link #unlink}).
 */
final class HeldRecords implements RetentionStore, SubjectErasure, SubjectExport {

  /** The engine's pseudonyms start so ({@code RetentionEngine}): a held row of an erased person. */
  static final String PSEUDONYM_PREFIX = "erased:";

  private final TableRetentionStore table;
  private final String tableName;
  private final List<String> cleared;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  /**
   * @param tableName the table, a constant of {@link BillingStores} (never input)
   * @param cleared columns set to null when a row is unlinked from its person, constants too
   */
  HeldRecords(
      TableRetentionStore table,
      String tableName,
      List<String> cleared,
      JdbcClient jdbc,
      TransactionTemplate tx) {
    this.table = table;
    this.tableName = tableName;
    this.cleared = List.copyOf(cleared);
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public String name() {
    return table.name();
  }

  @Override
  public PropertyId property() {
    return table.property();
  }

  @Override
  public String category() {
    return table.category();
  }

  @Override
  public String description() {
    return table.description()
        + ", unlinked from erased accounts"
        + (cleared.isEmpty() ? "" : " (" + String.join(", ", cleared) + " cleared)");
  }

  @Override
  public Set<String> tables() {
    return table.tables();
  }

  @Override
  public StoreContents inspect(RetentionRule rule) {
    return table.inspect(rule);
  }

  @Override
  public void expire(RetentionRule rule, ExpiryJournal journal) {
    table.expire(rule, journal);
  }

  @Override
  public long count(String subjectId) {
    return table.count(subjectId);
  }

  /**
   * The identifying columns are cleared first, then the table's own erasure pseudonymises (or,
   * without a hold, deletes): a retried erasure finds the person's rows in either order. Held is
   * every row under the person's pseudonym — also those an earlier {@link #unlink} moved there, so
   * the receipt shows what is kept even when the account was erased first.
   */
  @Override
  public ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
    clear(subjectId, journal);
    ErasureResult done = table.erase(subjectId, pseudonym, rule, journal);
    if (rule.retention().legalHold() == null) {
      return done;
    }
    long held =
        jdbc.sql("select count(*) from " + tableName + " where account_id = :p")
            .param("p", pseudonym)
            .query(Long.class)
            .single();
    return new ErasureResult(done.erased(), held, done.holdReason());
  }

  private void clear(String subjectId, ExpiryJournal journal) {
    if (cleared.isEmpty()) {
      return;
    }
    tx.executeWithoutResult(
        t -> {
          int n =
              jdbc.sql(
                      "update "
                          + tableName
                          + " set "
                          + assignments()
                          + " where account_id = :a and ("
                          + anyNotNull()
                          + ")")
                  .param("a", subjectId)
                  .update();
          if (n > 0) {
            journal.expired(n, "names, addresses and tax ids cleared from " + tableName);
          }
        });
  }

  /**
   * The account is gone (erased by retention or by a request): its rows take {@code pseudonym} and
   * lose their identifying columns, in the caller's transaction.
   *
   * @return rows unlinked
   */
  int unlink(String accountId, String pseudonym) {
    return jdbc.sql(
            "update "
                + tableName
                + " set account_id = :p"
                + (cleared.isEmpty() ? "" : ", " + assignments())
                + " where account_id = :a")
        .param("p", pseudonym)
        .param("a", accountId)
        .update();
  }

  private String assignments() {
    return cleared.stream().map(c -> c + " = null").collect(Collectors.joining(", "));
  }

  private String anyNotNull() {
    return cleared.stream().map(c -> c + " is not null").collect(Collectors.joining(" or "));
  }

  @Override
  public long export(String subjectId, Consumer<Map<String, Object>> items) {
    return table.export(subjectId, items);
  }
}
