package dev.pledge.server.blobs;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.SubjectExporter;
import dev.pledge.server.retention.SubjectFileExport;
import dev.pledge.server.shared.PropertyId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The personal blobs of one policy category of one property as a retention store: blobs expire by
 * collection time under the category's rule, an erasure deletes the person's blobs and, once the
 * person has no blob left in the property, destroys their keyset (crypto-shredding: copies in
 * backups become unreadable), and an access export carries the decrypted originals.
 *
 * <p>Objects are deleted before their rows, so a crash leaves rows that the next run deletes again,
 * never an object nobody knows about. Under a range chosen by plan or person each blob keeps the
 * period chosen for it ({@link PersonalBlobs#keepFor}, {@link PersonalBlobs#keepPermanently}),
 * clamped to the range, or the range's default. Only the {@code collection} anchor is supported:
 * under another anchor nothing is ever due, rather than something too early. Blobs cannot be kept
 * under a legal hold (an erasure of such a category fails with a clear error): keep held documents
 * in a table.
 */
public final class PersonalBlobStore
    implements RetentionStore, SubjectErasure, SubjectExport, SubjectFileExport {

  private static final int BATCH = 500;

  private final PersonalBlobs blobs;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final String name;
  private final PropertyId property;
  private final String category;

  private PersonalBlobStore(
      PersonalBlobs blobs,
      TransactionTemplate tx,
      String name,
      PropertyId property,
      String category) {
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.jdbc = blobs.jdbc();
    this.tx = Objects.requireNonNull(tx, "tx");
    this.name = Objects.requireNonNull(name, "name");
    this.property = Objects.requireNonNull(property, "property");
    PersonalBlobs.checkCategory(category);
    this.category = category;
  }

  /** The store of {@code property}'s blobs of {@code category}, named {@code name} in reports. */
  public static PersonalBlobStore of(
      PersonalBlobs blobs,
      TransactionTemplate tx,
      String name,
      PropertyId property,
      String category) {
    return new PersonalBlobStore(blobs, tx, name, property, category);
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
    return "encrypted personal blobs of " + category + " in " + blobs.backend().description();
  }

  @Override
  public Set<String> tables() {
    return Set.of("personal_blob");
  }

  @Override
  public StoreContents inspect(RetentionRule rule) {
    if (perBlob(rule)) {
      return inspectPerBlob(rule);
    }
    Instant cutoff = cutoff(rule);
    PolicyDuration keep = cutoff == null ? null : keep(rule.period());
    return jdbc.sql(
            "select count(*) as items,"
                + " count(*) filter (where created_at < :cutoff) as due,"
                + " min(created_at) as oldest,"
                + " min(created_at) filter (where created_at >= :cutoff) as next_anchor"
                + " from personal_blob where property_id = :p and category = :c")
        .param("p", property.value())
        .param("c", category)
        .param("cutoff", cutoff == null ? null : Timestamp.from(cutoff), java.sql.Types.TIMESTAMP)
        .query(
            (rs, i) -> {
              Timestamp oldest = rs.getTimestamp("oldest");
              Timestamp next = rs.getTimestamp("next_anchor");
              return new StoreContents(
                  rs.getLong("items"),
                  rs.getLong("due"),
                  oldest == null ? null : oldest.toInstant(),
                  next == null || keep == null ? null : rule.dueAt(next.toInstant()).orElse(null));
            })
        .single();
  }

  @Override
  public void expire(RetentionRule rule, ExpiryJournal journal) {
    Instant cutoff = cutoff(rule);
    boolean perBlob = perBlob(rule);
    if (cutoff == null && !perBlob) {
      return;
    }
    Map<String, Object> params = new LinkedHashMap<>();
    String dueSql = perBlob ? dueExpression(rule, params) : "created_at < :cutoff";
    if (!perBlob) {
      params.put("cutoff", Timestamp.from(cutoff));
    }
    while (true) {
      List<PersonalBlobs.Stored> due =
          jdbc.sql(
                  "select * from personal_blob where property_id = :p and category = :c and "
                      + dueSql
                      + " order by created_at limit "
                      + BATCH)
              .params(params)
              .param("p", property.value())
              .param("c", category)
              .query((rs, i) -> PersonalBlobs.stored(rs))
              .list();
      if (due.isEmpty()) {
        return;
      }
      deleteAll(due, journal, "encrypted blobs deleted");
      if (due.size() < BATCH) {
        return;
      }
    }
  }

  @Override
  public long count(String subjectId) {
    return jdbc.sql(
            "select count(*) from personal_blob where property_id = :p and subject_ref = :s"
                + " and category = :c")
        .param("p", property.value())
        .param("s", blobs.keys().subjectReference(subjectId))
        .param("c", category)
        .query(Long.class)
        .single();
  }

  @Override
  public ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
    if (rule != null && rule.retention().legalHold() != null) {
      throw new IllegalStateException(
          "category "
              + category
              + " has a legal hold, which personal blobs cannot honour (their keys are destroyed"
              + " on erasure): keep documents under a legal hold in a table store");
    }
    String ref = blobs.keys().subjectReference(subjectId);
    long erased = 0;
    while (true) {
      List<PersonalBlobs.Stored> mine =
          jdbc.sql(
                  "select * from personal_blob where property_id = :p and subject_ref = :s"
                      + " and category = :c limit "
                      + BATCH)
              .param("p", property.value())
              .param("s", ref)
              .param("c", category)
              .query((rs, i) -> PersonalBlobs.stored(rs))
              .list();
      if (!mine.isEmpty()) {
        erased += deleteAll(mine, journal, "encrypted blobs of the person deleted");
      }
      if (mine.size() < BATCH) {
        break;
      }
    }
    // The last blob store of the property to erase the person destroys the keyset; until then
    // the person's blobs in other categories still need it to be exported or erased in turn.
    tx.executeWithoutResult(
        status -> {
          long left =
              jdbc.sql(
                      "select count(*) from personal_blob where property_id = :p"
                          + " and subject_ref = :s")
                  .param("p", property.value())
                  .param("s", ref)
                  .query(Long.class)
                  .single();
          if (left == 0 && blobs.keys().destroy(property.value(), subjectId)) {
            journal.expired(1, "the person's encryption keyset destroyed (crypto-shredding)");
          }
        });
    return new ErasureResult(erased, 0, null);
  }

  @Override
  public long export(String subjectId, Consumer<Map<String, Object>> items) {
    List<PersonalBlobs.Stored> mine = mine(subjectId);
    for (PersonalBlobs.Stored s : mine) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", s.blob().name());
      item.put("content_type", s.blob().contentType());
      item.put("size", s.blob().size());
      item.put("created_at", s.blob().createdAt().toString());
      item.put("file", SubjectExporter.originalPath(category, s.blob().name()));
      items.accept(item);
    }
    return mine.size();
  }

  @Override
  public long exportFiles(String subjectId, FileSink files) throws IOException {
    long n = 0;
    for (PersonalBlobs.Stored s : mine(subjectId)) {
      try (InputStream in = blobs.open(s, subjectId)) {
        files.file(s.blob().name(), in);
      }
      n++;
    }
    return n;
  }

  private List<PersonalBlobs.Stored> mine(String subjectId) {
    return jdbc.sql(
            "select * from personal_blob where property_id = :p and subject_ref = :s"
                + " and category = :c order by name")
        .param("p", property.value())
        .param("s", blobs.keys().subjectReference(subjectId))
        .param("c", category)
        .query((rs, i) -> PersonalBlobs.stored(rs))
        .list();
  }

  /** Deletes the objects, then their rows with one audit entry in the rows' transaction. */
  private int deleteAll(List<PersonalBlobs.Stored> batch, ExpiryJournal journal, String detail) {
    for (PersonalBlobs.Stored s : batch) {
      try {
        blobs.backend().delete(s.objectKey());
      } catch (IOException e) {
        throw new UncheckedIOException("could not delete an encrypted blob", e);
      }
    }
    List<UUID> ids = batch.stream().map(s -> s.blob().id()).toList();
    Integer n =
        tx.execute(
            status -> {
              int done =
                  jdbc.sql("delete from personal_blob where id in (:ids)")
                      .param("ids", ids)
                      .update();
              if (done > 0) {
                journal.expired(done, detail);
              }
              return done;
            });
    return n == null ? 0 : n;
  }

  /**
   * Whether blobs of this rule are kept for a period chosen per blob ({@link
   * PersonalBlobs#keepFor}): a range under the collection anchor.
   */
  private static boolean perBlob(RetentionRule rule) {
    return rule != null
        && rule.anchor() == Retention.Anchor.COLLECTION
        && rule.period().kind() == RetentionPeriod.Kind.RANGE;
  }

  /**
   * The period each blob keeps, in SQL: its own choice clamped to the range, the range's default
   * without a choice, and for "permanently" nothing (when the range allows it) or the maximum. Null
   * means never due.
   */
  private static String periodExpression(RetentionRule rule, Map<String, Object> params) {
    RetentionPeriod range = rule.period();
    String chosen = "keep_for";
    if (range.defaultChoice() != null) {
      params.put("default", range.defaultChoice().text());
      chosen = "coalesce(keep_for, cast(:default as interval))";
    }
    if (range.min() != null) {
      params.put("min", range.min().text());
      chosen = "greatest(" + chosen + ", cast(:min as interval))";
    }
    if (range.max() == null) {
      return "(case when keep_permanently then null else " + chosen + " end)";
    }
    params.put("max", range.max().text());
    return "(case when keep_permanently then cast(:max as interval) else least("
        + chosen
        + ", cast(:max as interval)) end)";
  }

  private static String dueExpression(RetentionRule rule, Map<String, Object> params) {
    params.put("now", Timestamp.from(rule.now()));
    return "created_at + " + periodExpression(rule, params) + " < :now";
  }

  private StoreContents inspectPerBlob(RetentionRule rule) {
    Map<String, Object> params = new LinkedHashMap<>();
    String period = periodExpression(rule, params);
    params.put("now", Timestamp.from(rule.now()));
    return jdbc.sql(
            "select count(*) as items,"
                + " count(*) filter (where created_at + "
                + period
                + " < :now) as due,"
                + " min(created_at) as oldest,"
                + " min(created_at + "
                + period
                + ") filter (where created_at + "
                + period
                + " >= :now) as next_due"
                + " from personal_blob where property_id = :p and category = :c")
        .params(params)
        .param("p", property.value())
        .param("c", category)
        .query(
            (rs, i) -> {
              Timestamp oldest = rs.getTimestamp("oldest");
              Timestamp next = rs.getTimestamp("next_due");
              return new StoreContents(
                  rs.getLong("items"),
                  rs.getLong("due"),
                  oldest == null ? null : oldest.toInstant(),
                  next == null ? null : next.toInstant());
            })
        .single();
  }

  /** Blobs collected before this are due; null when nothing is (permanent, or another anchor). */
  private static Instant cutoff(RetentionRule rule) {
    if (rule == null || rule.anchor() != Retention.Anchor.COLLECTION) {
      return null;
    }
    return rule.cutoff().orElse(null);
  }

  private static PolicyDuration keep(RetentionPeriod p) {
    return switch (p.kind()) {
      case FIXED -> p.fixed();
      case PERMANENT -> null;
      case RANGE -> p.defaultChoice();
    };
  }
}
