package dev.pledge.server.retention;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.shared.PropertyId;
import java.sql.Array;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
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
 * The retention of an ordinary table: rows are due when their anchor column (collection time, last
 * activity, last message, account deletion, end of a legal hold) is older than the rule's period —
 * or than a period chosen per row, clamped to the policy's range. Due rows are deleted, or have
 * named fields nulled or masked, in short transactions of a few thousand rows found through the
 * anchor column's index, so writers never wait long.
 *
 * <p>Built with {@link #builder}; the SQL names come from code, never from input, and are checked
 * to be plain identifiers all the same.
 */
public final class TableRetentionStore
    implements RetentionStore, SubjectErasure, SubjectExport, SubjectRectification {

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final Pattern TABLE =
      Pattern.compile("([a-z_][a-z0-9_]{0,62}\\.)?[a-z_][a-z0-9_]{0,62}");

  private final String name;
  private final PropertyId property;
  private final String category;
  private final Set<String> alsoHolds;
  private final String table;
  private final String anchorColumn;
  private final String propertyColumn;
  private final String periodColumn;
  private final String subjectColumn;
  private final Map<String, String> anonymised;
  private final List<String> correctable;
  private final Set<String> tables;
  private final int batchSize;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  private TableRetentionStore(Builder b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.property = Objects.requireNonNull(b.property, "property");
    this.category = Objects.requireNonNull(b.category, "category");
    this.alsoHolds = Set.copyOf(b.alsoHolds);
    this.table = tableName(b.table);
    this.anchorColumn = identifier(b.anchorColumn);
    this.propertyColumn = b.propertyColumn == null ? null : identifier(b.propertyColumn);
    this.periodColumn = b.periodColumn == null ? null : identifier(b.periodColumn);
    this.subjectColumn = b.subjectColumn == null ? null : identifier(b.subjectColumn);
    b.anonymised.keySet().forEach(TableRetentionStore::identifier);
    this.anonymised = Collections.unmodifiableMap(new LinkedHashMap<>(b.anonymised));
    b.correctable.forEach(TableRetentionStore::identifier);
    if (!b.correctable.isEmpty() && subjectColumn == null) {
      throw new IllegalArgumentException(
          name + ": correctable columns need a subject column to find the person's rows");
    }
    if (propertyColumn != null && b.correctable.contains(propertyColumn)) {
      throw new IllegalArgumentException(name + ": the property column cannot be correctable");
    }
    this.correctable = List.copyOf(b.correctable);
    Set<String> covered = new LinkedHashSet<>(List.of(table));
    b.alsoCovers.forEach(t -> covered.add(tableName(t)));
    this.tables = Set.copyOf(covered);
    this.batchSize = b.batchSize;
    this.jdbc = Objects.requireNonNull(b.jdbc, "jdbc");
    this.tx = Objects.requireNonNull(b.tx, "tx");
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
  public Set<String> alsoHolds() {
    return alsoHolds;
  }

  @Override
  public String description() {
    return "table "
        + table
        + " (anchor "
        + anchorColumn
        + (periodColumn == null ? "" : ", period per row in " + periodColumn)
        + ")"
        + (alsoHolds.isEmpty() ? "" : ", with " + String.join(", ", alsoHolds) + " in its rows");
  }

  @Override
  public Set<String> tables() {
    return tables;
  }

  @Override
  public StoreContents inspect(RetentionRule rule) {
    Query q = query(rule);
    String dueAt = q.dueAt();
    String sql =
        "select count(*) as items, "
            + (q.due() == null ? "0" : "count(*) filter (where " + q.due() + ")")
            + " as due, min("
            + anchorColumn
            + ") as oldest, "
            + (dueAt == null
                ? "null::timestamptz"
                : "min("
                    + dueAt
                    + ") filter (where "
                    + (q.due() == null ? "true" : "not (" + q.due() + ")")
                    + ")")
            + " as next_due from "
            + table
            + " where "
            + q.scope();
    return q.bind(jdbc.sql(sql))
        .query(
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
    Query q = query(rule);
    if (q.due() == null) {
      return;
    }
    String pick =
        "select ctid from " + table + " where " + q.scope() + " and " + q.due() + " limit :batch";
    String step =
        rule.action() == Retention.ExpiryAction.ANONYMISE && !anonymised.isEmpty()
            ? "update " + table + " set " + assignments() + " where ctid = any(array(" + pick + "))"
            : "delete from " + table + " where ctid = any(array(" + pick + "))";
    String what =
        rule.action() == Retention.ExpiryAction.ANONYMISE && !anonymised.isEmpty()
            ? "rows anonymised"
            : "rows deleted";
    while (true) {
      Integer done =
          tx.execute(
              status -> {
                int n = q.bind(jdbc.sql(step)).param("batch", batchSize).update();
                if (n > 0) {
                  journal.expired(n, what + " from " + table);
                }
                return n;
              });
      if (done == null || done < batchSize) {
        return;
      }
    }
  }

  @Override
  public boolean findsSubjects() {
    return subjectColumn != null;
  }

  @Override
  public Optional<Set<String>> subjects() {
    if (subjectColumn == null) {
      return Optional.empty();
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (propertyColumn != null) {
      params.put("property", property.value());
    }
    List<String> ids =
        jdbc.sql(
                "select distinct "
                    + subjectColumn
                    + " from "
                    + table
                    + " where "
                    + subjectColumn
                    + " is not null"
                    + (propertyColumn == null ? "" : " and " + propertyColumn + " = :property"))
            .params(params)
            .query(String.class)
            .list();
    return Optional.of(Set.copyOf(ids));
  }

  @Override
  public long count(String subjectId) {
    return jdbc.sql("select count(*) from " + table + " where " + subjectScope())
        .params(subjectParams(subjectId))
        .query(Long.class)
        .single();
  }

  @Override
  public ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
    var hold = rule.retention().legalHold();
    Map<String, Object> params = subjectParams(subjectId);
    if (hold != null) {
      params.put("pseudonym", pseudonym);
      Integer held =
          tx.execute(
              status -> {
                int n =
                    jdbc.sql(
                            "update "
                                + table
                                + " set "
                                + subjectColumn
                                + " = :pseudonym where "
                                + subjectScope())
                        .params(params)
                        .update();
                if (n > 0) {
                  journal.expired(n, "rows kept under legal hold, unlinked from the person");
                }
                return n;
              });
      return new ErasureResult(0, held == null ? 0 : held, hold.reason());
    }
    long erased = 0;
    String pick = "select ctid from " + table + " where " + subjectScope() + " limit " + batchSize;
    while (true) {
      Integer n =
          tx.execute(
              status -> {
                int done =
                    jdbc.sql("delete from " + table + " where ctid = any(array(" + pick + "))")
                        .params(params)
                        .update();
                if (done > 0) {
                  journal.expired(done, "rows of the person deleted from " + table);
                }
                return done;
              });
      erased += n == null ? 0 : n;
      if (n == null || n < batchSize) {
        return new ErasureResult(erased, 0, null);
      }
    }
  }

  @Override
  public boolean exportsSubjects() {
    return subjectColumn != null;
  }

  /**
   * Streams the person's rows, every column, in a stable order: timestamps as ISO-8601 instants,
   * {@code bytea} as base64, other database types (intervals, JSON) as their text.
   */
  @Override
  public long export(String subjectId, Consumer<Map<String, Object>> items) {
    long[] n = {0};
    jdbc.sql("select * from " + table + " where " + subjectScope() + " order by ctid")
        .params(subjectParams(subjectId))
        .query(
            (RowCallbackHandler)
                rs -> {
                  ResultSetMetaData meta = rs.getMetaData();
                  Map<String, Object> item = new LinkedHashMap<>();
                  for (int c = 1; c <= meta.getColumnCount(); c++) {
                    item.put(meta.getColumnLabel(c), jsonValue(rs.getObject(c)));
                  }
                  items.accept(item);
                  n[0]++;
                });
    return n[0];
  }

  @Override
  public List<String> correctableFields() {
    return correctable;
  }

  /** Updates the column on the person's rows of this property, in one transaction. */
  @Override
  public long rectify(String subjectId, String field, String newValue, Journal journal) {
    SubjectRectification.requireCorrectable(name, correctable, field, newValue);
    Map<String, Object> params = subjectParams(subjectId);
    params.put("value", newValue);
    Integer n =
        tx.execute(
            status -> {
              // correctable names were checked to be identifiers when the store was built
              int done =
                  jdbc.sql(
                          "update "
                              + table
                              + " set "
                              + field
                              + " = :value where "
                              + subjectScope()
                              + " and "
                              + field
                              + " is distinct from :value")
                      .params(params)
                      .update();
              if (done > 0) {
                journal.rectified(done, field + " corrected in " + table);
              }
              return done;
            });
    return n == null ? 0 : n;
  }

  public static Object jsonValue(Object v) throws SQLException {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Timestamp t) {
      return t.toInstant().toString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (v instanceof java.sql.Time t) {
      return t.toLocalTime().toString();
    }
    if (v instanceof java.time.temporal.TemporalAccessor t) {
      return t.toString();
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof Array a) {
      Object[] values = (Object[]) a.getArray();
      List<Object> out = new ArrayList<>();
      for (Object o : values) {
        out.add(jsonValue(o));
      }
      return out;
    }
    return v.toString();
  }

  private String subjectScope() {
    if (subjectColumn == null) {
      throw new IllegalStateException(name + " has no subject column: set subjectColumn()");
    }
    return subjectColumn
        + " = :subject"
        + (propertyColumn == null ? "" : " and " + propertyColumn + " = :property");
  }

  private Map<String, Object> subjectParams(String subjectId) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("subject", subjectId);
    if (propertyColumn != null) {
      params.put("property", property.value());
    }
    return params;
  }

  /** The scope, due condition and due time of this table under {@code rule}, with parameters. */
  private Query query(RetentionRule rule) {
    Map<String, Object> params = new LinkedHashMap<>();
    List<String> scope = new ArrayList<>();
    scope.add("true");
    if (propertyColumn != null) {
      scope.add(propertyColumn + " = :property");
      params.put("property", property.value());
    }
    if (rule.action() == Retention.ExpiryAction.ANONYMISE && !anonymised.isEmpty()) {
      // Rows already anonymised are out of scope: they are what retention leaves behind.
      List<String> pending = new ArrayList<>();
      int i = 0;
      for (Map.Entry<String, String> f : anonymised.entrySet()) {
        if (f.getValue() == null) {
          pending.add(f.getKey() + " is not null");
        } else {
          pending.add(f.getKey() + " is distinct from :mask" + i);
          params.put("mask" + i, f.getValue());
        }
        i++;
      }
      scope.add("(" + String.join(" or ", pending) + ")");
    }
    String due;
    String dueAt;
    if (periodColumn != null) {
      String period = perRowPeriod(rule.period(), params);
      due = anchorColumn + " + " + period + " < :now";
      dueAt = anchorColumn + " + " + period;
      params.put("now", Timestamp.from(rule.now()));
    } else {
      Instant cutoff = rule.cutoff().orElse(null);
      PolicyDuration keep = keep(rule.period());
      due = cutoff == null ? null : anchorColumn + " < :cutoff";
      dueAt = keep == null ? null : anchorColumn + " + cast(:keep as interval)";
      if (cutoff != null) {
        params.put("cutoff", Timestamp.from(cutoff));
      }
      if (keep != null) {
        params.put("keep", keep.text());
      }
    }
    return new Query(String.join(" and ", scope), due, dueAt, params);
  }

  /**
   * The period a row keeps: its own choice clamped to the policy's range; no choice (null) means
   * permanent where the range allows it, else the range's maximum.
   */
  private String perRowPeriod(RetentionPeriod range, Map<String, Object> params) {
    PolicyDuration min = range.kind() == RetentionPeriod.Kind.RANGE ? range.min() : null;
    PolicyDuration max =
        switch (range.kind()) {
          case RANGE -> range.max();
          case FIXED -> range.fixed();
          case PERMANENT -> null;
        };
    String chosen = periodColumn;
    if (min != null) {
      params.put("min", min.text());
      // greatest() ignores nulls too, so a row without a choice stays without one.
      chosen =
          "case when "
              + chosen
              + " is null then null else greatest("
              + chosen
              + ", cast(:min as interval)) end";
    }
    if (max == null) {
      return "(" + chosen + ")";
    }
    params.put("max", max.text());
    // least() ignores nulls, so a row without a choice gets the maximum.
    return "least(" + chosen + ", cast(:max as interval))";
  }

  private static PolicyDuration keep(RetentionPeriod p) {
    return switch (p.kind()) {
      case FIXED -> p.fixed();
      case PERMANENT -> null;
      case RANGE -> p.defaultChoice();
    };
  }

  private String assignments() {
    List<String> sets = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> f : anonymised.entrySet()) {
      sets.add(f.getKey() + " = " + (f.getValue() == null ? "null" : ":mask" + i));
      i++;
    }
    return String.join(", ", sets);
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static String tableName(String s) {
    if (s == null || !TABLE.matcher(s).matches()) {
      throw new IllegalArgumentException("not a plain SQL table name: " + s);
    }
    return s;
  }

  private static String identifier(String s) {
    if (s == null || !IDENTIFIER.matcher(s).matches()) {
      throw new IllegalArgumentException("not a plain SQL identifier: " + s);
    }
    return s;
  }

  private record Query(String scope, String due, String dueAt, Map<String, Object> params) {
    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
      params.forEach(spec::param);
      return spec;
    }
  }

  /** Describes one table; every name is a plain SQL identifier. */
  public static final class Builder {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private String name;
    private PropertyId property;
    private String category;
    private String table;
    private String anchorColumn;
    private String propertyColumn;
    private String periodColumn;
    private String subjectColumn;
    private final Map<String, String> anonymised = new LinkedHashMap<>();
    private final List<String> alsoCovers = new ArrayList<>();
    private final Set<String> alsoHolds = new LinkedHashSet<>();
    private final List<String> correctable = new ArrayList<>();
    private int batchSize = 5_000;

    private Builder(JdbcClient jdbc, TransactionTemplate tx) {
      this.jdbc = jdbc;
      this.tx = tx;
    }

    /** The store's name in plans, reports and audit entries, e.g. {@code studio.payments}. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The property and policy category the table holds. */
    public Builder holds(PropertyId property, String category) {
      this.property = property;
      this.category = category;
      return this;
    }

    /**
     * Other categories whose data is a column of these rows and goes with them (see {@link
     * RetentionStore#alsoHolds}).
     */
    public Builder alsoHolds(String... categories) {
      alsoHolds.addAll(List.of(categories));
      return this;
    }

    /** The table and its anchor column (a timestamptz; null means "not anchored yet"). */
    public Builder table(String table, String anchorColumn) {
      this.table = table;
      this.anchorColumn = anchorColumn;
      return this;
    }

    /** Only rows whose {@code column} equals the property id belong to this store. */
    public Builder propertyColumn(String column) {
      this.propertyColumn = column;
      return this;
    }

    /**
     * An interval column holding the period chosen for each row (by plan or person) within the
     * policy's range; null means permanent where the range allows it.
     */
    public Builder periodPerRow(String column) {
      this.periodColumn = column;
      return this;
    }

    /** The column naming the person each row is about, for erasure and access (text). */
    public Builder subjectColumn(String column) {
      this.subjectColumn = column;
      return this;
    }

    /** With the {@code anonymise} action: set {@code column} to null. */
    public Builder anonymiseToNull(String column) {
      anonymised.put(column, null);
      return this;
    }

    /** With the {@code anonymise} action: replace {@code column} with a fixed mask. */
    public Builder anonymiseTo(String column, String mask) {
      anonymised.put(column, Objects.requireNonNull(mask));
      return this;
    }

    /**
     * Text columns a person may have corrected (rectification, A-15): {@code
     * .correctable("display_name", "email")}. Needs {@link #subjectColumn}.
     */
    public Builder correctable(String... columns) {
      correctable.addAll(List.of(columns));
      return this;
    }

    /** Tables whose rows go with this table's (foreign keys with on delete cascade). */
    public Builder alsoCovers(String... tables) {
      alsoCovers.addAll(List.of(tables));
      return this;
    }

    public Builder batchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("batch size must be positive");
      }
      this.batchSize = rows;
      return this;
    }

    public TableRetentionStore build() {
      return new TableRetentionStore(this);
    }
  }
}
