package dev.pledge.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The tamper-evident audit trail: an append-only log in which each entry carries the hash of the
 * one before it, with signed checkpoints (docs/audit-trail.md). Every module records what it does
 * to personal data here — retention sweeps, rights requests, policy changes — with counts and a
 * pseudonymous subject reference, never the personal data itself.
 *
 * <p>{@link #append} joins the caller's transaction, so an entry commits with the action it records
 * and a rollback leaves no entry. Appends are serialised by a transaction-scoped advisory lock,
 * which makes them safe from any number of threads and server instances on one database; the lock
 * is held until the caller's transaction ends, so append late in a long transaction.
 */
public class AuditTrail {

  /** The advisory-lock key that serialises appends and checkpoints ("PLEDAUDT"). */
  static final long LOCK = 0x504C4544_41554454L;

  static final String ENTRY_COLUMNS =
      "seq, at, actor, action, property_id, category, store, item_count, subject_ref, details,"
          + " prev_hash, hash";
  static final String CHECKPOINT_COLUMNS = "no, seq, entry_hash, at, key_fingerprint, signature";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final JdbcClient jdbc;
  private final DataSource dataSource;
  private final TransactionTemplate joining;
  private final TransactionTemplate snapshot;
  private final AuditKeys keys;
  private final AuditSettings settings;
  private final Clock clock;

  AuditTrail(
      DataSource dataSource,
      PlatformTransactionManager transactions,
      AuditKeys keys,
      AuditSettings settings,
      Clock clock) {
    this.dataSource = dataSource;
    this.jdbc = JdbcClient.create(dataSource);
    this.joining = new TransactionTemplate(transactions);
    // Readers see one consistent moment: entries and checkpoints from the same snapshot.
    this.snapshot = new TransactionTemplate(transactions);
    snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    snapshot.setReadOnly(true);
    this.keys = keys;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Appends an entry, in the caller's transaction when there is one (else in its own), and signs a
   * checkpoint with every {@code pledge.audit.checkpoint-every}th entry.
   *
   * @throws IllegalArgumentException never for a valid {@link AuditRecord}
   */
  public AuditEntry append(AuditRecord record) {
    String subjectRef =
        record.subjectId() == null ? null : keys.subjectReference(record.subjectId());
    String details = json(record);
    return joining.execute(
        status -> {
          lock();
          Optional<AuditEntry> head = head();
          long seq = head.map(h -> h.seq() + 1).orElse(1L);
          String prev = head.map(AuditEntry::hash).orElse(AuditEncoding.GENESIS);
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          // Times never run backwards in the trail, even across instances with skewed clocks.
          Instant at = head.map(h -> h.at().isAfter(now) ? h.at() : now).orElse(now);
          AuditEntry draft =
              new AuditEntry(
                  seq,
                  at,
                  record.actor(),
                  record.action(),
                  record.propertyId(),
                  record.category(),
                  record.store(),
                  record.itemCount(),
                  subjectRef,
                  details,
                  prev,
                  null);
          AuditEntry entry = draft.withHash(AuditEncoding.hash(draft));
          insert(entry);
          if (seq % settings.checkpointEvery() == 0) {
            signCheckpoint(entry);
          }
          return entry;
        });
  }

  /**
   * Signs a checkpoint for the newest entry if the trail has grown since the last one (hourly, at
   * start-up, and on demand). Returns the new checkpoint, or empty when there was nothing new.
   */
  public Optional<AuditCheckpoint> checkpoint() {
    return joining.execute(
        status -> {
          lock();
          Optional<AuditEntry> head = head();
          if (head.isEmpty()) {
            return Optional.<AuditCheckpoint>empty();
          }
          Optional<AuditCheckpoint> last = lastCheckpointRow();
          if (last.isPresent() && last.get().seq() >= head.get().seq()) {
            return Optional.<AuditCheckpoint>empty();
          }
          return Optional.of(signCheckpoint(head.get()));
        });
  }

  /**
   * The keyed hash that stands for {@code subjectId} in entries (for finding a subject's entries).
   */
  public String subjectReference(String subjectId) {
    return keys.subjectReference(subjectId);
  }

  /** The newest entries, newest first; with {@code before}, those before that sequence number. */
  public List<AuditEntry> recent(int limit, Long before) {
    int n = Math.max(1, Math.min(limit, 1000));
    if (before == null) {
      return jdbc.sql("select " + ENTRY_COLUMNS + " from audit_entry order by seq desc limit :n")
          .param("n", n)
          .query(AuditTrail::entryRow)
          .list();
    }
    return jdbc.sql(
            "select "
                + ENTRY_COLUMNS
                + " from audit_entry where seq < :before order by seq desc limit :n")
        .param("before", before)
        .param("n", n)
        .query(AuditTrail::entryRow)
        .list();
  }

  public Optional<AuditCheckpoint> lastCheckpoint() {
    return lastCheckpointRow();
  }

  /**
   * Walks the whole trail (streaming, from one snapshot) and reports the first entry or checkpoint
   * that does not check out. Checkpoint signatures are checked against the public keys registered
   * in the database; see {@link #verify(Set)} to pin them.
   */
  public AuditVerification verify() {
    return verify(Set.of());
  }

  /**
   * As {@link #verify()}, but every checkpoint must be signed by one of {@code pinnedPublicKeys}
   * (hex Ed25519 public keys, or their fingerprints) — copies the auditor kept, which someone able
   * to rewrite the database cannot replace.
   */
  public AuditVerification verify(Set<String> pinnedPublicKeys) {
    return snapshot.execute(status -> new AuditVerifier(dataSource, pinnedPublicKeys).verify());
  }

  /**
   * Writes the trail for an auditor as a ZIP: entries and checkpoints as JSON Lines, the public
   * keys, the verification result at export time, and a README saying how to verify it.
   */
  public AuditVerification export(OutputStream zip) throws IOException {
    try {
      return snapshot.execute(
          status -> {
            AuditVerification verification = new AuditVerifier(dataSource, Set.of()).verify();
            try {
              new AuditExporter(dataSource).write(zip, verification);
            } catch (IOException e) {
              throw new ExportFailed(e);
            }
            return verification;
          });
    } catch (ExportFailed e) {
      throw (IOException) e.getCause();
    }
  }

  private static final class ExportFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ExportFailed(IOException cause) {
      super(cause);
    }
  }

  private void lock() {
    jdbc.sql("select pg_advisory_xact_lock(:key)").param("key", LOCK).query((rs, i) -> 1).list();
  }

  private Optional<AuditEntry> head() {
    return jdbc.sql("select " + ENTRY_COLUMNS + " from audit_entry order by seq desc limit 1")
        .query(AuditTrail::entryRow)
        .optional();
  }

  private Optional<AuditCheckpoint> lastCheckpointRow() {
    return jdbc.sql(
            "select " + CHECKPOINT_COLUMNS + " from audit_checkpoint order by no desc limit 1")
        .query(AuditTrail::checkpointRow)
        .optional();
  }

  private AuditCheckpoint signCheckpoint(AuditEntry entry) {
    AuditKeys.Signer signer = keys.signer();
    jdbc.sql(
            """
            insert into audit_signing_key (fingerprint, public_key) values (:fingerprint, :key)
            on conflict (fingerprint) do nothing
            """)
        .param("fingerprint", signer.fingerprint())
        .param("key", signer.publicKeyHex())
        .update();
    long no = lastCheckpointRow().map(c -> c.no() + 1).orElse(1L);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant at = now.isBefore(entry.at()) ? entry.at() : now;
    String signature =
        signer.signHex(
            AuditEncoding.checkpoint(no, entry.seq(), entry.hash(), at, signer.fingerprint()));
    AuditCheckpoint checkpoint =
        new AuditCheckpoint(no, entry.seq(), entry.hash(), at, signer.fingerprint(), signature);
    jdbc.sql(
            """
            insert into audit_checkpoint (no, seq, entry_hash, at, key_fingerprint, signature)
            values (:no, :seq, :hash, :at, :key, :signature)
            """)
        .param("no", no)
        .param("seq", entry.seq())
        .param("hash", entry.hash())
        .param("at", OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
        .param("key", signer.fingerprint())
        .param("signature", signature)
        .update();
    return checkpoint;
  }

  private void insert(AuditEntry e) {
    jdbc.sql(
            """
            insert into audit_entry (seq, at, actor, action, property_id, category, store,
                item_count, subject_ref, details, prev_hash, hash)
            values (:seq, :at, :actor, :action, :property, :category, :store, :count, :subject,
                :details, :prev, :hash)
            """)
        .param("seq", e.seq())
        .param("at", OffsetDateTime.ofInstant(e.at(), java.time.ZoneOffset.UTC))
        .param("actor", e.actor())
        .param("action", e.action())
        .param("property", e.propertyId(), java.sql.Types.VARCHAR)
        .param("category", e.category(), java.sql.Types.VARCHAR)
        .param("store", e.store(), java.sql.Types.VARCHAR)
        .param("count", e.itemCount(), java.sql.Types.BIGINT)
        .param("subject", e.subjectRef(), java.sql.Types.VARCHAR)
        .param("details", e.details())
        .param("prev", e.prevHash())
        .param("hash", e.hash())
        .update();
  }

  private static String json(AuditRecord record) {
    try {
      return JSON.writeValueAsString(record.details());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON", e);
    }
  }

  static AuditEntry entryRow(ResultSet rs, int row) throws SQLException {
    long count = rs.getLong("item_count");
    Long itemCount = rs.wasNull() ? null : count;
    return new AuditEntry(
        rs.getLong("seq"),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("actor"),
        rs.getString("action"),
        rs.getString("property_id"),
        rs.getString("category"),
        rs.getString("store"),
        itemCount,
        rs.getString("subject_ref"),
        rs.getString("details"),
        rs.getString("prev_hash"),
        rs.getString("hash"));
  }

  static AuditCheckpoint checkpointRow(ResultSet rs, int row) throws SQLException {
    return new AuditCheckpoint(
        rs.getLong("no"),
        rs.getLong("seq"),
        rs.getString("entry_hash"),
        rs.getObject("at", OffsetDateTime.class).toInstant(),
        rs.getString("key_fingerprint"),
        rs.getString("signature"));
  }
}
