package dev.pledge.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.DatabaseDump;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.keys.MasterKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail on the shared database, as modules use it: other tests append too, so these tests
 * look only at their own entries, found by a marker in the details.
 */
@WithRunningServer
class AuditTrailTest {

  @Autowired AuditTrail trail;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;
  @Autowired PlatformTransactionManager transactions;

  private static String marker() {
    return UUID.randomUUID().toString();
  }

  private long countMarked(String marker) {
    return jdbc.sql("select count(*) from audit_entry where details::jsonb ->> 'marker' = :m")
        .param("m", marker)
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName("A-17 an appended entry says who, what, where and how many, and the trail verifies")
  void appendAndVerify() {
    String marker = marker();
    AuditEntry e =
        trail.append(
            AuditRecord.of("system:retention", "retention.expired")
                .property("reference-site")
                .category("user.device.access_logs")
                .store("access_log")
                .count(42)
                .detail("marker", marker));
    assertThat(e.seq()).isPositive();
    assertThat(e.hash()).matches("[0-9a-f]{64}").isEqualTo(AuditEncoding.hash(e));
    assertThat(e.details()).contains(marker);
    AuditEntry stored = trail.recent(1, e.seq() + 1).get(0);
    assertThat(stored).isEqualTo(e);
    AuditVerification v = trail.verify();
    assertThat(v.intact()).as(v.summary()).isTrue();
    assertThat(v.entries()).isGreaterThanOrEqualTo(e.seq());
  }

  @Test
  @DisplayName("the server records each served policy version at start-up, with a checkpoint")
  void startUpEntries() {
    assertThat(
            jdbc.sql(
                    "select property_id from audit_entry where action = 'policy.loaded'"
                        + " and actor = 'system:startup'")
                .query(String.class)
                .list())
        .contains("reference-site", "image-studio");
    assertThat(trail.lastCheckpoint()).isPresent();
  }

  @Test
  @DisplayName("concurrent appends from several threads give one unbroken chain")
  void concurrentAppends() throws Exception {
    String marker = marker();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Callable<AuditEntry>> work = new ArrayList<>();
      for (int i = 0; i < 120; i++) {
        int n = i;
        work.add(
            () ->
                trail.append(
                    AuditRecord.of("system:test", "test.concurrent")
                        .count(n)
                        .detail("marker", marker)));
      }
      List<Long> seqs = new ArrayList<>();
      for (Future<AuditEntry> f : pool.invokeAll(work)) {
        seqs.add(f.get().seq());
      }
      assertThat(seqs).doesNotHaveDuplicates().hasSize(120);
    } finally {
      pool.shutdown();
    }
    assertThat(countMarked(marker)).isEqualTo(120);
    AuditVerification v = trail.verify();
    assertThat(v.intact()).as(v.summary()).isTrue();
  }

  @Test
  @DisplayName("an append joins the caller's transaction: a rollback leaves no entry and no gap")
  void rollbackLeavesNoEntry() {
    String marker = marker();
    TransactionTemplate tx = new TransactionTemplate(transactions);
    tx.executeWithoutResult(
        status -> {
          trail.append(AuditRecord.of("system:test", "test.rolled-back").detail("marker", marker));
          assertThat(countMarked(marker)).as("visible inside the transaction").isEqualTo(1);
          status.setRollbackOnly();
        });
    assertThat(countMarked(marker)).isZero();
    String committed = marker();
    assertThatThrownBy(
            () ->
                tx.executeWithoutResult(
                    status -> {
                      trail.append(
                          AuditRecord.of("system:test", "test.failed").detail("marker", committed));
                      throw new IllegalStateException("the action failed");
                    }))
        .hasMessage("the action failed");
    assertThat(countMarked(committed)).isZero();
    assertThat(trail.verify().intact()).as("no gap left behind").isTrue();
  }

  @Test
  @DisplayName(
      "B-16 a subject appears only as a keyed hash, never as its id, anywhere in the database")
  void noPersonalData() {
    String subject = "alice-" + marker() + "@example.org";
    String marker = marker();
    AuditEntry e =
        trail.append(
            AuditRecord.of("operator:demo", "request.erased")
                .property("image-studio")
                .category("user.account")
                .store("studio_account")
                .count(1)
                .subject(subject)
                .detail("marker", marker));
    assertThat(e.subjectRef()).matches("[0-9a-f]{64}").doesNotContain(subject);
    assertThat(e.subjectRef()).isEqualTo(trail.subjectReference(subject));
    assertThat(trail.subjectReference(subject))
        .as("the same subject always gets the same reference")
        .isEqualTo(e.subjectRef());
    assertThat(trail.subjectReference(subject + "x")).isNotEqualTo(e.subjectRef());
    // The subject's local part alone, not "alice-": other tests share the database and plant their
    // own alices (RightsMailIntakeTest), so only this subject's unique part proves anything here.
    String localPart = subject.substring(0, subject.indexOf('@'));
    assertThat(DatabaseDump.allRows(jdbc)).doesNotContain(subject).doesNotContain(localPart);
  }

  @Test
  @DisplayName("bad records are refused with a clear message")
  void badRecords() {
    assertThatThrownBy(() -> AuditRecord.of(" ", "x")).hasMessageContaining("needs a actor");
    assertThatThrownBy(() -> AuditRecord.of("cli", "x").detail("list", List.of(1)))
        .hasMessageContaining("must be text, a number or a boolean");
    assertThatThrownBy(() -> AuditRecord.of("cli", "x\ny"))
        .hasMessageContaining("control character");
    assertThatThrownBy(() -> AuditRecord.of("cli", "x").count(-1))
        .hasMessageContaining("must not be negative");
  }

  @Test
  @DisplayName("checkpoints are signed every N entries and on demand, only when the trail grew")
  void checkpoints(@TempDir Path keys) throws Exception {
    try (AuditTestDatabase db = new AuditTestDatabase(context, keys, 4)) {
      assertThat(db.trail().checkpoint()).as("nothing to vouch for yet").isEmpty();
      db.appendEntries(9);
      assertThat(db.trail().lastCheckpoint()).get().extracting(AuditCheckpoint::seq).isEqualTo(8L);
      AuditCheckpoint onDemand = db.trail().checkpoint().orElseThrow();
      assertThat(onDemand.no()).isEqualTo(3);
      assertThat(onDemand.seq()).isEqualTo(9);
      assertThat(db.trail().checkpoint()).as("nothing new since").isEmpty();
      AuditVerification v = db.trail().verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.checkpoints()).isEqualTo(3);
      assertThat(keys.resolve(AuditKeys.SIGNING_FILE)).exists();
      assertThat(java.nio.file.Files.readString(keys.resolve(AuditKeys.SIGNING_FILE)))
          .as("the signing keyset is wrapped by the master key")
          .contains("encryptedKeyset");
      assertThat(permissions(keys.resolve(AuditKeys.SIGNING_FILE))).isEqualTo("rw-------");
      assertThat(permissions(keys.resolve(MasterKey.FILE_NAME))).isEqualTo("rw-------");
    }
  }

  private static String permissions(Path file) {
    try {
      return java.nio.file.attribute.PosixFilePermissions.toString(
          java.nio.file.Files.getPosixFilePermissions(file));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
