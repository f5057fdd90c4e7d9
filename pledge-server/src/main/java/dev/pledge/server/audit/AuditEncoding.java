package dev.pledge.server.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The canonical byte encodings that entries are hashed and checkpoints signed over, specified in
 * docs/audit-trail.md so that an auditor can re-implement them: a header line, then one line per
 * field in a fixed order, {@code name SP value LF}, where a value is {@code -} for null or {@code
 * <UTF-8 byte length>:<UTF-8 bytes>}. The length prefix makes every encoding unambiguous whatever
 * characters a value holds.
 */
final class AuditEncoding {

  static final String GENESIS = "0".repeat(64);
  static final String ENTRY_HEADER = "pledge-audit-entry-v1";
  static final String CHECKPOINT_HEADER = "pledge-audit-checkpoint-v1";

  private static final HexFormat HEX = HexFormat.of();

  private AuditEncoding() {}

  /** Microseconds since the epoch: how times are hashed (PostgreSQL keeps microseconds). */
  static long micros(Instant at) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, at);
  }

  /** The entry's encoding, with its sequence number replaced by {@code seq}. */
  static byte[] entry(AuditEntry e, long seq) {
    Lines lines = new Lines(ENTRY_HEADER);
    lines.field("seq", Long.toString(seq));
    lines.field("time", Long.toString(micros(e.at())));
    lines.field("actor", e.actor());
    lines.field("action", e.action());
    lines.field("property", e.propertyId());
    lines.field("category", e.category());
    lines.field("store", e.store());
    lines.field("count", e.itemCount() == null ? null : e.itemCount().toString());
    lines.field("subject", e.subjectRef());
    lines.field("details", e.details());
    lines.field("prev", e.prevHash());
    return lines.bytes();
  }

  /** The hash an entry's fields give, with its sequence number replaced by {@code seq}. */
  static String hashAs(AuditEntry e, long seq) {
    return sha256Hex(entry(e, seq));
  }

  static String hash(AuditEntry e) {
    return hashAs(e, e.seq());
  }

  static byte[] checkpoint(long no, long seq, String entryHash, Instant at, String keyFingerprint) {
    Lines lines = new Lines(CHECKPOINT_HEADER);
    lines.field("no", Long.toString(no));
    lines.field("seq", Long.toString(seq));
    lines.field("hash", entryHash);
    lines.field("time", Long.toString(micros(at)));
    lines.field("key", keyFingerprint);
    return lines.bytes();
  }

  static byte[] checkpoint(AuditCheckpoint c) {
    return checkpoint(c.no(), c.seq(), c.entryHash(), c.at(), c.keyFingerprint());
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  static byte[] unhex(String hex) {
    return HEX.parseHex(hex);
  }

  private static final class Lines {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    Lines(String header) {
      write(header);
      out.write('\n');
    }

    void field(String name, String value) {
      write(name);
      out.write(' ');
      if (value == null) {
        out.write('-');
      } else {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        write(Integer.toString(bytes.length));
        out.write(':');
        out.writeBytes(bytes);
      }
      out.write('\n');
    }

    private void write(String ascii) {
      out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
    }

    byte[] bytes() {
      return out.toByteArray();
    }
  }
}
