package dev.pledge.server.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes the audit trail for an auditor as a ZIP: {@code entries.jsonl} and {@code
 * checkpoints.jsonl} (one JSON object a line, in order), {@code public-keys.json}, {@code
 * verification.txt} (what Pledge's own check said at export time) and a {@code README.txt} on how
 * to verify it all independently. Streams: the trail is never held in memory.
 */
final class AuditExporter {

  private static final int FETCH_SIZE = 2000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;

  AuditExporter(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    jdbc.setFetchSize(FETCH_SIZE);
  }

  void write(OutputStream out, AuditVerification verification) throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
    zip.putNextEntry(new ZipEntry("README.txt"));
    zip.write(readme().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();

    zip.putNextEntry(new ZipEntry("verification.txt"));
    zip.write((verification.summary() + "\n").getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();

    zip.putNextEntry(new ZipEntry("public-keys.json"));
    List<Map<String, Object>> keys =
        jdbc.query(
            "select fingerprint, public_key, created_at from audit_signing_key order by created_at",
            (rs, i) -> {
              Map<String, Object> key = new LinkedHashMap<>();
              key.put("algorithm", "Ed25519");
              key.put("fingerprint", rs.getString("fingerprint"));
              key.put("public_key", rs.getString("public_key"));
              key.put(
                  "created",
                  rs.getObject("created_at", java.time.OffsetDateTime.class)
                      .toInstant()
                      .toString());
              return key;
            });
    zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
    zip.write('\n');
    zip.closeEntry();

    zip.putNextEntry(new ZipEntry("entries.jsonl"));
    try {
      jdbc.query(
          "select " + AuditTrail.ENTRY_COLUMNS + " from audit_entry order by seq",
          rs -> {
            AuditEntry e = AuditTrail.entryRow(rs, 0);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("seq", e.seq());
            line.put("time", e.at().toString());
            line.put("time_us", AuditEncoding.micros(e.at()));
            line.put("actor", e.actor());
            line.put("action", e.action());
            line.put("property", e.propertyId());
            line.put("category", e.category());
            line.put("store", e.store());
            line.put("count", e.itemCount());
            line.put("subject", e.subjectRef());
            line.put("details", e.details());
            line.put("prev_hash", e.prevHash());
            line.put("hash", e.hash());
            writeLine(zip, line);
          });
      zip.closeEntry();

      zip.putNextEntry(new ZipEntry("checkpoints.jsonl"));
      jdbc.query(
          "select " + AuditTrail.CHECKPOINT_COLUMNS + " from audit_checkpoint order by no",
          rs -> {
            AuditCheckpoint c = AuditTrail.checkpointRow(rs, 0);
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("no", c.no());
            line.put("seq", c.seq());
            line.put("entry_hash", c.entryHash());
            line.put("time", c.at().toString());
            line.put("time_us", AuditEncoding.micros(c.at()));
            line.put("key", c.keyFingerprint());
            line.put("signature", c.signature());
            writeLine(zip, line);
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    zip.closeEntry();
    zip.finish();
    zip.flush();
  }

  private static void writeLine(ZipOutputStream zip, Map<String, Object> line) {
    try {
      zip.write(JSON.writeValueAsBytes(line));
      zip.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readme() {
    return """
        Pledge audit trail export
        =========================

        entries.jsonl      the audit entries, one JSON object a line, in sequence order
        checkpoints.jsonl  signed checkpoints, one a line, in order
        public-keys.json   the Ed25519 public keys the checkpoints are signed with
        verification.txt   what Pledge's own verifier said when this export was made

        Entries hold no personal data: "subject" is a keyed hash (HMAC-SHA256) of a data
        subject's id under a key that stays with the operator, and "details" holds only
        non-personal facts.

        How to verify, without Pledge
        -----------------------------
        1. For each entry, build its canonical encoding: the line "pledge-audit-entry-v1",
           then one line per field, in this order: seq, time (= time_us), actor, action,
           property, category, store, count, subject, details, prev (= prev_hash). A field
           line is the name, a space, then "-" for null or "<UTF-8 byte length>:<value>",
           then a line feed (0x0A). Numbers are written in decimal; details exactly as given.
        2. The entry's hash is the lower-case hex SHA-256 of that encoding and must equal
           "hash". The first entry has seq 1 and prev_hash of 64 zeros; every other entry's
           prev_hash is the hash of the entry before it, and seq goes up by one.
        3. For each checkpoint, the encoding is "pledge-audit-checkpoint-v1" and the fields
           no, seq, hash (= entry_hash), time (= time_us), key, in the same format. The
           signature (hex) is an Ed25519 signature of that encoding by the public key whose
           fingerprint (hex SHA-256 of the 32 key bytes) is "key". The entry at seq must
           have hash entry_hash; checkpoint numbers go up by one.
        4. Compare the public keys with a copy you obtained earlier (for example from a
           previous export): a new key that you did not expect means the checkpoints may
           have been re-signed.

        With Pledge: pledge audit verify --public-key public-keys.json (against the
        deployment's database). The full specification is docs/audit-trail.md in Pledge's
        source.
        """;
  }
}
