package dev.pledge.server.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Walks the audit trail in sequence order — streaming, one row ahead at most — and stops at the
 * first entry or checkpoint that does not check out, saying what was done to it: modified (its hash
 * does not match its content), deleted or inserted (a gap, a duplicate, a renumbered entry, a
 * broken link), reordered, rewritten (checks out on its own but not against a signed checkpoint),
 * or cut off after a checkpoint. Run inside one read-only snapshot transaction.
 */
final class AuditVerifier {

  private static final int FETCH_SIZE = 2000;

  /** How far a renumbered entry is looked for: attacks that shift by more read as "modified". */
  private static final int RENUMBER_REACH = 16;

  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private final JdbcTemplate jdbc;
  private final Set<String> pinned;

  AuditVerifier(DataSource dataSource, Set<String> pinnedPublicKeys) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.pinned = Set.copyOf(pinnedPublicKeys);
  }

  /** A problem found: the first bad entry (null for a checkpoint's own problem) and why. */
  private record Problem(Long entry, String reason) {}

  /** An entry with the checkpoint that vouches for it, if any. */
  private record Row(AuditEntry entry, AuditCheckpoint checkpoint) {}

  AuditVerification verify() {
    return jdbc.execute((ConnectionCallback<AuditVerification>) this::walk);
  }

  private AuditVerification walk(Connection connection) throws SQLException {
    Map<String, String> keys = new HashMap<>();
    Set<String> trusted = new HashSet<>();
    loadKeys(keys, trusted);
    Set<String> usedKeys = new LinkedHashSet<>();
    long entries = 0;
    long checkpoints = 0;
    long lastSeq = 0;
    long lastNo = 0;
    long vouched = 0;
    AuditCheckpoint lastCheckpoint = null;
    String prevHash = AuditEncoding.GENESIS;
    String prev2Hash = null;
    try (PreparedStatement statement =
        connection.prepareStatement(
            """
            select e.seq, e.at, e.actor, e.action, e.property_id, e.category, e.store,
                   e.item_count, e.subject_ref, e.details, e.prev_hash, e.hash,
                   c.no as c_no, c.seq as c_seq, c.entry_hash as c_entry_hash, c.at as c_at,
                   c.key_fingerprint as c_key, c.signature as c_signature
            from audit_entry e left join audit_checkpoint c on c.seq = e.seq
            order by e.seq
            """)) {
      statement.setFetchSize(FETCH_SIZE);
      try (ResultSet rs = statement.executeQuery()) {
        Cursor cursor = new Cursor(rs);
        for (Row row = cursor.next(); row != null; row = cursor.next()) {
          AuditEntry e = row.entry();
          Problem problem = checkEntry(e, lastSeq + 1, prevHash, prev2Hash, cursor);
          if (problem == null && row.checkpoint() != null) {
            AuditCheckpoint c = row.checkpoint();
            problem = checkSignature(c, lastNo, keys, trusted);
            if (problem == null && !c.entryHash().equals(e.hash())) {
              problem =
                  new Problem(
                      vouched + 1,
                      "the trail was rewritten between entries "
                          + (vouched + 1)
                          + " and "
                          + e.seq()
                          + ": entry "
                          + e.seq()
                          + " is not the entry signed checkpoint #"
                          + c.no()
                          + " vouches for (its hash differs)");
            }
            if (problem == null) {
              checkpoints++;
              lastNo = c.no();
              vouched = e.seq();
              lastCheckpoint = c;
              usedKeys.add(c.keyFingerprint());
            }
          }
          if (problem != null) {
            return broken(entries, checkpoints, lastCheckpoint, problem, usedKeys);
          }
          entries++;
          lastSeq = e.seq();
          prev2Hash = prevHash;
          prevHash = e.hash();
        }
      }
    }
    Problem tail = checkTail(lastSeq, lastNo, keys, trusted);
    if (tail != null) {
      return broken(entries, checkpoints, lastCheckpoint, tail, usedKeys);
    }
    return new AuditVerification(
        true, entries, checkpoints, lastCheckpoint, null, null, List.copyOf(usedKeys));
  }

  private static AuditVerification broken(
      long entries, long checkpoints, AuditCheckpoint last, Problem p, Set<String> keys) {
    return new AuditVerification(
        false, entries, checkpoints, last, p.entry(), p.reason(), List.copyOf(keys));
  }

  private static Problem checkEntry(
      AuditEntry e, long expected, String prevHash, String prev2Hash, Cursor cursor)
      throws SQLException {
    long seq = e.seq();
    if (seq > expected) {
      return new Problem(
          expected,
          seq == expected + 1
              ? "entry " + expected + " is missing: it was deleted"
              : "entries " + expected + " to " + (seq - 1) + " are missing: they were deleted");
    }
    if (seq < expected) {
      return new Problem(seq, "entry " + seq + " appears twice: an entry was inserted");
    }
    boolean contentOk = AuditEncoding.hash(e).equals(e.hash());
    boolean linkOk = e.prevHash().equals(prevHash);
    if (contentOk && linkOk) {
      return null;
    }
    if (!contentOk) {
      Long original = originalNumber(e);
      if (original != null && original > seq) {
        Row next = cursor.peek();
        if (next != null && AuditEncoding.hashAs(next.entry(), seq).equals(next.entry().hash())) {
          return new Problem(
              seq,
              "entries "
                  + seq
                  + " and "
                  + next.entry().seq()
                  + " are in the wrong order: they were swapped (reordered)");
        }
        return new Problem(
            seq,
            "entry "
                + seq
                + " holds the former entry "
                + original
                + ", renumbered: the entry or entries before it were deleted or moved");
      }
      if (original != null) {
        return new Problem(
            original,
            (seq - original == 1
                    ? "entry " + original + " was inserted"
                    : "entries " + original + " to " + (seq - 1) + " were inserted")
                + ": entry "
                + seq
                + " is the former entry "
                + original
                + ", renumbered");
      }
      if (linkOk) {
        return new Problem(
            seq, "entry " + seq + " was modified: its content does not match its hash");
      }
      Row next = cursor.peek();
      if (next != null && next.entry().prevHash().equals(prevHash)) {
        return new Problem(
            seq, "entry " + seq + " was inserted: the entry after it links to entry " + (seq - 1));
      }
      return new Problem(
          seq,
          "entry "
              + seq
              + " was modified or replaced: neither its content nor its link to the entry before"
              + " it match");
    }
    if (prev2Hash != null && e.prevHash().equals(prev2Hash)) {
      return new Problem(
          seq - 1,
          "entry " + (seq - 1) + " was inserted: entry " + seq + " links to entry " + (seq - 2));
    }
    if (seq == 1) {
      return new Problem(
          1L, "entry 1 does not start the trail: the entries before it were deleted");
    }
    return new Problem(
        seq - 1,
        "entry "
            + seq
            + " does not link to entry "
            + (seq - 1)
            + ": entry "
            + (seq - 1)
            + " was altered and its hash recomputed, or entries between them were removed or"
            + " added");
  }

  /** The sequence number an entry's hash was made with, when it has been renumbered. */
  private static Long originalNumber(AuditEntry e) {
    for (int d = 1; d <= RENUMBER_REACH; d++) {
      if (AuditEncoding.hashAs(e, e.seq() + d).equals(e.hash())) {
        return e.seq() + d;
      }
      if (e.seq() - d > 0 && AuditEncoding.hashAs(e, e.seq() - d).equals(e.hash())) {
        return e.seq() - d;
      }
    }
    return null;
  }

  private Problem checkSignature(
      AuditCheckpoint c, long lastNo, Map<String, String> keys, Set<String> trusted) {
    if (c.no() > lastNo + 1) {
      return new Problem(
          null,
          (c.no() == lastNo + 2
                  ? "checkpoint #" + (lastNo + 1) + " is missing"
                  : "checkpoints #" + (lastNo + 1) + " to #" + (c.no() - 1) + " are missing")
              + ": deleted (the next one, #"
              + c.no()
              + ", vouches for entry "
              + c.seq()
              + ")");
    }
    if (c.no() <= lastNo) {
      return new Problem(
          null, "checkpoint #" + c.no() + " is out of order: checkpoints were reordered");
    }
    String key = keys.get(c.keyFingerprint());
    String name = "checkpoint #" + c.no() + " (entry " + c.seq() + ")";
    if (key == null) {
      return new Problem(
          null,
          name
              + " is signed by key "
              + abbreviate(c.keyFingerprint())
              + ", which is not a registered signing key: forged");
    }
    if (!trusted.contains(c.keyFingerprint())) {
      return new Problem(
          null,
          name
              + " is signed by key "
              + abbreviate(c.keyFingerprint())
              + ", which is not one of the pinned public keys: forged");
    }
    if (!AuditKeys.verifies(key, c.signature(), AuditEncoding.checkpoint(c))) {
      return new Problem(
          null, name + " has an invalid signature: the checkpoint was forged or altered");
    }
    return null;
  }

  /** Checkpoints past the last entry: the trail was cut after what they vouch for. */
  private Problem checkTail(
      long lastSeq, long lastNo, Map<String, String> keys, Set<String> trusted) {
    List<AuditCheckpoint> rest =
        jdbc.query(
            "select "
                + AuditTrail.CHECKPOINT_COLUMNS
                + " from audit_checkpoint where no > ? order by no limit 1",
            AuditTrail::checkpointRow,
            lastNo);
    if (rest.isEmpty()) {
      return null;
    }
    AuditCheckpoint c = rest.get(0);
    Problem signature = checkSignature(c, lastNo, keys, trusted);
    if (signature != null) {
      return signature;
    }
    if (c.seq() > lastSeq) {
      return new Problem(
          lastSeq + 1,
          "the trail ends at entry "
              + lastSeq
              + " but signed checkpoint #"
              + c.no()
              + " vouches for entry "
              + c.seq()
              + ": entries "
              + (lastSeq + 1)
              + " to "
              + c.seq()
              + " were deleted (the tail was cut off)");
    }
    return new Problem(
        c.seq(),
        "checkpoint #" + c.no() + " names entry " + c.seq() + ", which is not in the trail");
  }

  private void loadKeys(Map<String, String> keys, Set<String> trusted) {
    jdbc.query(
        "select fingerprint, public_key from audit_signing_key",
        rs -> {
          String fingerprint = rs.getString(1);
          String key = rs.getString(2);
          // A key row whose fingerprint is not its key's hash was altered: it verifies nothing.
          if (HEX64.matcher(key).matches()
              && AuditKeys.fingerprint(AuditEncoding.unhex(key)).equals(fingerprint)) {
            keys.put(fingerprint, key);
          }
        });
    if (pinned.isEmpty()) {
      trusted.addAll(keys.keySet());
      return;
    }
    for (String p : pinned) {
      String hex = p.toLowerCase(java.util.Locale.ROOT);
      if (!HEX64.matcher(hex).matches()) {
        continue;
      }
      // A pinned value may be a public key or a fingerprint: both are 64 hex digits.
      String fingerprint = AuditKeys.fingerprint(AuditEncoding.unhex(hex));
      keys.put(fingerprint, hex);
      trusted.add(fingerprint);
      trusted.add(hex);
    }
  }

  static String abbreviate(String fingerprint) {
    return fingerprint.length() > 16 ? fingerprint.substring(0, 16) + "…" : fingerprint;
  }

  /** Rows in order, with a look at the next one. */
  private static final class Cursor {
    private final ResultSet rs;
    private final List<Row> ahead = new ArrayList<>(1);

    Cursor(ResultSet rs) {
      this.rs = rs;
    }

    Row next() throws SQLException {
      if (!ahead.isEmpty()) {
        return ahead.remove(0);
      }
      return read();
    }

    Row peek() throws SQLException {
      if (ahead.isEmpty()) {
        Row row = read();
        if (row == null) {
          return null;
        }
        ahead.add(row);
      }
      return ahead.get(0);
    }

    private Row read() throws SQLException {
      if (!rs.next()) {
        return null;
      }
      AuditEntry entry = AuditTrail.entryRow(rs, 0);
      long no = rs.getLong("c_no");
      AuditCheckpoint checkpoint =
          rs.wasNull()
              ? null
              : new AuditCheckpoint(
                  no,
                  rs.getLong("c_seq"),
                  rs.getString("c_entry_hash"),
                  rs.getObject("c_at", java.time.OffsetDateTime.class).toInstant(),
                  rs.getString("c_key"),
                  rs.getString("c_signature"));
      return new Row(entry, checkpoint);
    }
  }
}
