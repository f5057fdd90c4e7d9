package dev.pledge.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An attacker with superuser rights on the database disables the append-only triggers and edits the
 * trail; verification names the first bad entry and what was done. Each test has a database of its
 * own with 12 entries and checkpoints at entries 5 and 10.
 */
@WithRunningServer
class AuditTamperTest {

  @Autowired ApplicationContext context;
  @TempDir Path keys;

  private AuditTestDatabase db;

  @BeforeEach
  void trailOfTwelve() {
    db = new AuditTestDatabase(context, keys, 5);
    db.appendEntries(12);
    assertThat(db.trail().verify().intact()).isTrue();
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private AuditVerification verify() {
    return db.trail().verify();
  }

  @Test
  @DisplayName("an untouched trail verifies: 12 entries, 2 checkpoints, signed by one key")
  void intact() {
    AuditVerification v = verify();
    assertThat(v.intact()).isTrue();
    assertThat(v.entries()).isEqualTo(12);
    assertThat(v.checkpoints()).isEqualTo(2);
    assertThat(v.lastCheckpoint().seq()).isEqualTo(10);
    assertThat(v.keyFingerprints()).hasSize(1);
    assertThat(v.summary()).startsWith("Audit trail intact: 12 entries, 2 checkpoints");
  }

  @Test
  @DisplayName("UPDATE of an entry is detected and the entry named as modified")
  void update() {
    db.tamper("update audit_entry set item_count = 0 where seq = 7");
    AuditVerification v = verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBadEntry()).isEqualTo(7);
    assertThat(v.problem()).contains("entry 7 was modified");
    assertThat(v.entries()).as("entries read before the bad one").isEqualTo(6);
  }

  @Test
  @DisplayName("DELETE of an entry is detected as a gap")
  void delete() {
    db.tamper("delete from audit_entry where seq = 7");
    AuditVerification v = verify();
    assertThat(v.firstBadEntry()).isEqualTo(7);
    assertThat(v.problem()).contains("entry 7 is missing: it was deleted");
  }

  @Test
  @DisplayName("DELETE with the later entries renumbered to close the gap is detected")
  void deleteAndRenumber() {
    db.tamper(
        "delete from audit_entry where seq = 7",
        "update audit_entry set seq = seq + 1000 where seq > 7",
        "update audit_entry set seq = seq - 1001 where seq > 1000");
    AuditVerification v = verify();
    assertThat(v.firstBadEntry()).isEqualTo(7);
    assertThat(v.problem()).contains("holds the former entry 8").contains("deleted");
  }

  @Test
  @DisplayName(
      "INSERT of a forged entry with a well-made hash, later entries renumbered, is detected")
  void insert() {
    AuditEntry six = db.trail().recent(1, 7L).get(0);
    AuditEntry forged =
        new AuditEntry(
            7,
            six.at(),
            "operator:mallory",
            "retention.expired",
            null,
            null,
            null,
            1L,
            null,
            "{}",
            six.hash(),
            null);
    forged = forged.withHash(AuditEncoding.hash(forged));
    db.tamper(
        "update audit_entry set seq = seq + 1000 where seq >= 7",
        "update audit_entry set seq = seq - 999 where seq > 1000");
    JdbcClient.create(db.dataSource())
        .sql(
            "insert into audit_entry (seq, at, actor, action, item_count, details, prev_hash, hash)"
                + " values (7, :at, 'operator:mallory', 'retention.expired', 1, '{}', :prev, :hash)")
        .param("at", java.time.OffsetDateTime.ofInstant(six.at(), java.time.ZoneOffset.UTC))
        .param("prev", six.hash())
        .param("hash", forged.hash())
        .update();
    AuditVerification v = verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBadEntry()).isEqualTo(7);
    assertThat(v.problem()).contains("entry 7 was inserted");
  }

  @Test
  @DisplayName("INSERT of a crude forged entry between two others is detected as inserted")
  void crudeInsert() {
    db.tamper(
        "update audit_entry set seq = seq + 1000 where seq >= 7",
        "update audit_entry set seq = seq - 999 where seq > 1000",
        "insert into audit_entry (seq, at, actor, action, details, prev_hash, hash)"
            + " values (7, now(), 'cli', 'nothing.happened', '{}', 'x', 'y')");
    AuditVerification v = verify();
    assertThat(v.firstBadEntry()).isEqualTo(7);
    assertThat(v.problem()).contains("inserted");
  }

  @Test
  @DisplayName("reordering (two entries swapped) is detected and both named")
  void reorder() {
    db.tamper(
        "update audit_entry set seq = 1007 where seq = 7",
        "update audit_entry set seq = 7 where seq = 8",
        "update audit_entry set seq = 8 where seq = 1007");
    AuditVerification v = verify();
    assertThat(v.firstBadEntry()).isEqualTo(7);
    assertThat(v.problem()).contains("entries 7 and 8 are in the wrong order");
  }

  @Test
  @DisplayName("a tail cut off after a signed checkpoint is detected")
  void truncatedTail() {
    db.tamper("delete from audit_entry where seq > 8");
    AuditVerification v = verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBadEntry()).isEqualTo(9);
    assertThat(v.problem()).contains("the trail ends at entry 8").contains("checkpoint #2");
  }

  @Test
  @DisplayName("a forged checkpoint signature is detected")
  void forgedSignature() {
    db.tamper(
        "update audit_checkpoint set signature = repeat('ab', 64) where no = 2",
        "update audit_checkpoint set signature = signature where no = 1");
    AuditVerification v = verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.problem()).contains("checkpoint #2 (entry 10) has an invalid signature");
  }

  @Test
  @DisplayName("a chain rewritten with every hash recomputed is caught by the signed checkpoint")
  void wholesaleRewrite() {
    db.tamper("update audit_entry set item_count = 99 where seq = 3");
    rehashFrom(3);
    AuditVerification v = verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBadEntry()).as("the first entry not vouched for").isEqualTo(1);
    assertThat(v.problem()).contains("rewritten between entries 1 and 5").contains("checkpoint #1");
  }

  @Test
  @DisplayName("checkpoints re-signed with the attacker's own key fail against the pinned key")
  void resignedWithAnotherKey(@TempDir Path attackerKeys) {
    String realKey =
        JdbcClient.create(db.dataSource())
            .sql("select public_key from audit_signing_key")
            .query(String.class)
            .single();
    // The attacker rewrites entry 3 and everything after it, then signs fresh checkpoints with a
    // key of their own, registered in the database.
    db.tamper("update audit_entry set item_count = 99 where seq = 3");
    rehashFrom(3);
    AuditKeys attacker = new AuditKeys(attackerKeys);
    AuditKeys.Signer signer = attacker.signer();
    db.tamper(
        "delete from audit_checkpoint",
        "insert into audit_signing_key (fingerprint, public_key) values ('"
            + signer.fingerprint()
            + "', '"
            + signer.publicKeyHex()
            + "')");
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    for (long no = 1; no <= 2; no++) {
      long seq = no * 5;
      AuditEntry e = db.trail().recent(1, seq + 1).get(0);
      java.time.Instant at = e.at();
      String sig =
          signer.signHex(AuditEncoding.checkpoint(no, seq, e.hash(), at, signer.fingerprint()));
      jdbc.sql(
              "insert into audit_checkpoint (no, seq, entry_hash, at, key_fingerprint, signature)"
                  + " values (:no, :seq, :hash, :at, :key, :sig)")
          .param("no", no)
          .param("seq", seq)
          .param("hash", e.hash())
          .param("at", java.time.OffsetDateTime.ofInstant(at, java.time.ZoneOffset.UTC))
          .param("key", signer.fingerprint())
          .param("sig", sig)
          .update();
    }
    assertThat(verify().intact())
        .as("without a pinned key, a database-level attacker's own key is accepted")
        .isTrue();
    AuditVerification pinned = db.trail().verify(Set.of(realKey));
    assertThat(pinned.intact()).isFalse();
    assertThat(pinned.problem()).contains("not one of the pinned public keys");
  }

  @Test
  @DisplayName("a deleted checkpoint is detected")
  void deletedCheckpoint() {
    db.tamper("delete from audit_checkpoint where no = 1");
    AuditVerification v = verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.problem()).contains("checkpoint #1 is missing");
  }

  @Test
  @DisplayName("the append-only trigger rejects UPDATE, DELETE and TRUNCATE for everyone")
  void triggerRejectsChanges() {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    for (String sql :
        new String[] {
          "update audit_entry set actor = 'x' where seq = 1",
          "delete from audit_entry where seq = 12",
          "truncate audit_entry cascade",
          "delete from audit_checkpoint",
          "update audit_signing_key set public_key = 'x'"
        }) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(sql).update())
          .as(sql)
          .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class)
          .rootCause()
          .hasMessageContaining("the audit trail is append-only");
    }
    assertThat(verify().intact()).isTrue();
  }

  /** Recomputes the hash and link of every entry from {@code from} on, as a careful attacker. */
  private void rehashFrom(long from) {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    String prev =
        from == 1
            ? AuditEncoding.GENESIS
            : jdbc.sql("select hash from audit_entry where seq = :s")
                .param("s", from - 1)
                .query(String.class)
                .single();
    var entries =
        jdbc.sql(
                "select "
                    + AuditTrail.ENTRY_COLUMNS
                    + " from audit_entry where seq >= :s order by seq")
            .param("s", from)
            .query(AuditTrail::entryRow)
            .list();
    for (AuditEntry e : entries) {
      AuditEntry relinked =
          new AuditEntry(
              e.seq(),
              e.at(),
              e.actor(),
              e.action(),
              e.propertyId(),
              e.category(),
              e.store(),
              e.itemCount(),
              e.subjectRef(),
              e.details(),
              prev,
              null);
      String hash = AuditEncoding.hash(relinked);
      db.tamper(
          "update audit_entry set prev_hash = '"
              + prev
              + "', hash = '"
              + hash
              + "' where seq = "
              + e.seq());
      prev = hash;
    }
  }
}
