package dev.pledge.server.accounts;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.SubjectRectification;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import java.sql.Array;
import java.sql.ResultSetMetaData;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A table of a studio account's data whose retention runs from the account's deletion (the policy's
 * {@code anchor: account-deletion}, B-16): its rows are due once their account was deleted longer
 * ago than the category's period — or once their account no longer exists at all (erased) — so a
 * module's table needs only an indexed {@code account_id} column, never a copy of the deletion
 * time. Erasure, export and rectification find the person by that column. Other studio modules
 * register their account-bound tables with it:
 *
 * <pre>{@code
 * AccountDataStore.builder(jdbc, tx)
 *     .name("studio.api-keys")
 *     .holds(studio.property().id(), "user.api.integration")
 *     .table("studio_api_key")
 *     .withheld("key_hash")                // exported as "withheld", never the value
 *     .build();
 * }</pre>
 */
public final class AccountDataStore
    implements RetentionStore, SubjectErasure, SubjectExport, SubjectRectification {

  /** The account table: its {@code deleted_at} is every account store's anchor. */
  static final String ACCOUNTS = "studio_account";

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private final String name;
  private final PropertyId property;
  private final String category;
  private final String table;
  private final Set<String> tables;
  private final Set<String> withheld;
  private final int batchSize;
  private final TableRetentionStore subjects;
  private final Consumer<String> erased;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  private AccountDataStore(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.property = Objects.requireNonNull(b.property, "property");
    this.category = Objects.requireNonNull(b.category, "category");
    this.table = identifier(Objects.requireNonNull(b.table, "table"));
    Set<String> covered = new LinkedHashSet<>(List.of(table));
    b.alsoCovers.forEach(t -> covered.add(identifier(t)));
    this.tables = Set.copyOf(covered);
    b.withheld.forEach(AccountDataStore::identifier);
    this.withheld = Set.copyOf(b.withheld);
    this.batchSize = b.batchSize;
    this.erased = b.erased;
    this.jdbc = b.jdbc;
    this.tx = b.tx;
    // Erasure and rectification by account id are an ordinary table's; only the anchor differs.
    var subjects =
        TableRetentionStore.builder(b.jdbc, b.tx)
            .name(name)
            .holds(property, category)
            .table(table, "account_id")
            .subjectColumn("account_id")
            .batchSize(batchSize);
    if (!b.correctable.isEmpty()) {
      subjects.correctable(b.correctable.toArray(String[]::new));
    }
    this.subjects = subjects.build();
  }

  public static Builder builder(JdbcClient jdbc, TransactionTemplate tx) {
    return new Builder(jdbc, tx);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public PropertyId property() {
    return property;
  }

  @Override
  public String category() {
    return category;
  }

  @Override
  public String description() {
    return "table " + table + " (anchor: the account's deletion, studio_account.deleted_at)";
  }

  @Override
  public Set<String> tables() {
    return tables;
  }

  /** Rows due: their account is gone, or was deleted before the cut-off. */
  private String due(boolean withCutoff) {
    String gone = "(t.account_id is not null and a.account_id is null)";
    return withCutoff ? "(" + gone + " or a.deleted_at < :cutoff)" : gone;
  }

  private String from() {
    // For the account table itself the join finds the row itself: due once it was deleted.
    return table + " t left join " + ACCOUNTS + " a on a.account_id = t.account_id";
  }

  @Override
  public StoreContents inspect(RetentionRule rule) {
    checkAnchor(rule);
    Instant cutoff = rule.cutoff().orElse(null);
    String keep = keep(rule);
    String due = due(cutoff != null);
    String sql =
        "select count(*) as items, count(*) filter (where "
            + due
            + ") as due, min(a.deleted_at) as oldest, "
            + (keep == null
                ? "null::timestamptz"
                : "min(a.deleted_at + cast(:keep as interval)) filter (where not " + due + ")")
            + " as next_due from "
            + from();
    var spec = jdbc.sql(sql);
    if (cutoff != null) {
      spec = spec.param("cutoff", Timestamp.from(cutoff));
    }
    if (keep != null) {
      spec = spec.param("keep", keep);
    }
    return spec.query(
            (rs, i) ->
                new StoreContents(
                    rs.getLong("items"),
                    rs.getLong("due"),
                    instant(rs.getTimestamp("oldest")),
                    instant(rs.getTimestamp("next_due"))))
        .single();
  }

  @Override
  public void expire(RetentionRule rule, ExpiryJournal journal) {
    checkAnchor(rule);
    Instant cutoff = rule.cutoff().orElse(null);
    String step =
        "delete from "
            + table
            + " where ctid = any(array(select t.ctid from "
            + from()
            + " where "
            + due(cutoff != null)
            + " limit :batch)) returning account_id";
    while (true) {
      List<String> gone = new ArrayList<>();
      Integer done =
          tx.execute(
              status -> {
                var spec = jdbc.sql(step).param("batch", batchSize);
                if (cutoff != null) {
                  spec = spec.param("cutoff", Timestamp.from(cutoff));
                }
                List<String> ids = spec.query(String.class).list();
                if (!ids.isEmpty()) {
                  journal.expired(ids.size(), "rows of deleted accounts deleted from " + table);
                }
                gone.addAll(ids);
                return ids.size();
              });
      if (erased != null) {
        gone.stream().distinct().forEach(erased);
      }
      if (done == null || done < batchSize) {
        return;
      }
    }
  }

  /**
   * The rule must run from the account's deletion: this store has no other anchor, and measuring
   * from it under another rule would keep data for the wrong time.
   */
  private void checkAnchor(RetentionRule rule) {
    if (rule.anchor() != Retention.Anchor.ACCOUNT_DELETION) {
      throw new IllegalStateException(
          name
              + " measures retention from the account's deletion, but the policy anchors "
              + category
              + " at "
              + rule.anchor().key()
              + ": register the table with a store for that anchor");
    }
  }

  private static String keep(RetentionRule rule) {
    RetentionPeriod p = rule.period();
    PolicyDuration d =
        switch (p.kind()) {
          case FIXED -> p.fixed();
          case PERMANENT -> null;
          case RANGE -> p.defaultChoice();
        };
    return d == null ? null : d.text();
  }

  @Override
  public Optional<Set<String>> subjects() {
    return subjects.subjects();
  }

  @Override
  public long count(String subjectId) {
    return subjects.count(subjectId);
  }

  @Override
  public ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
    ErasureResult result = subjects.erase(subjectId, pseudonym, rule, journal);
    if (erased != null && result.erased() > 0) {
      erased.accept(subjectId);
    }
    return result;
  }

  /**
   * The person's rows, every column, timestamps as ISO-8601; the {@link Builder#withheld} columns
   * (secrets of the sign-in) say {@code "withheld"} instead of their value.
   */
  @Override
  public long export(String subjectId, Consumer<Map<String, Object>> items) {
    long[] n = {0};
    jdbc.sql("select * from " + table + " where account_id = :subject order by ctid")
        .param("subject", subjectId)
        .query(
            (RowCallbackHandler)
                rs -> {
                  ResultSetMetaData meta = rs.getMetaData();
                  Map<String, Object> item = new LinkedHashMap<>();
                  for (int c = 1; c <= meta.getColumnCount(); c++) {
                    String column = meta.getColumnLabel(c);
                    Object value = rs.getObject(c);
                    item.put(
                        column,
                        withheld.contains(column) && value != null ? "withheld" : json(value));
                  }
                  items.accept(item);
                  n[0]++;
                });
    return n[0];
  }

  @Override
  public List<String> correctableFields() {
    return subjects.correctableFields();
  }

  @Override
  public long rectify(String subjectId, String field, String newValue, Journal journal) {
    return subjects.rectify(subjectId, field, newValue, journal);
  }

  private static Object json(Object v) throws java.sql.SQLException {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Array a) {
      List<Object> out = new ArrayList<>();
      for (Object o : (Object[]) a.getArray()) {
        out.add(json(o));
      }
      return out;
    }
    return v.toString();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static String identifier(String s) {
    if (!IDENTIFIER.matcher(s).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + s);
    }
    return s;
  }

  /** Builds an {@link AccountDataStore}. */
  public static final class Builder {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private String name;
    private PropertyId property;
    private String category;
    private String table;
    private final List<String> alsoCovers = new ArrayList<>();
    private final List<String> withheld = new ArrayList<>();
    private final List<String> correctable = new ArrayList<>();
    private int batchSize = 5_000;
    private Consumer<String> erased;

    private Builder(JdbcClient jdbc, TransactionTemplate tx) {
      this.jdbc = Objects.requireNonNull(jdbc);
      this.tx = Objects.requireNonNull(tx);
    }

    /** A stable name, unique across the server: {@code studio.api-keys}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The property and the policy category the table holds. */
    public Builder holds(PropertyId property, String category) {
      this.property = property;
      this.category = category;
      return this;
    }

    /** The table; it must have an indexed {@code account_id} column (text, the account id). */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /** Tables whose rows go with this one's by {@code on delete cascade}. */
    public Builder alsoCovers(String... tables) {
      alsoCovers.addAll(List.of(tables));
      return this;
    }

    /** Columns an access export must not reveal (hashes, encrypted secrets). */
    public Builder withheld(String... columns) {
      withheld.addAll(List.of(columns));
      return this;
    }

    /** Text columns a rectification request may correct. */
    public Builder correctable(String... columns) {
      correctable.addAll(List.of(columns));
      return this;
    }

    /** Told each account id whose rows this store erased (the account table announces erasures). */
    Builder onErased(Consumer<String> erased) {
      this.erased = erased;
      return this;
    }

    public Builder batchSize(int rows) {
      this.batchSize = rows;
      return this;
    }

    public AccountDataStore build() {
      return new AccountDataStore(this);
    }
  }
}
