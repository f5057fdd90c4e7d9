package dev.pledge.cli;

import static dev.pledge.cli.PolicyCommandTest.pledge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.cli.PolicyCommandTest.Run;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTestDatabase;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.ErasureLedger;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.blobs.UnreadableBlobException;
import dev.pledge.server.retention.RetentionEngine;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code pledge backup} and {@code pledge restore} as an operator runs them, on a database of their
 * own on the tests' PostgreSQL and a data directory of their own: a backup, an erasure after it,
 * and a restore of the backup that must not bring the erased person back.
 */
@WithRunningServer
class BackupRestoreTest {

  static final String STUDIO = "image-studio";
  static final String CATEGORY = "user.content.source_images";

  @Autowired ApplicationContext context;
  @TempDir Path dir;

  AuditTestDatabase db;
  Path data;
  Path backup;

  @BeforeEach
  void deployment() {
    data = dir.resolve("data");
    backup = dir.resolve("backup");
    db = new AuditTestDatabase(context, data.resolve("keys"), 100);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  DeploymentOptions options() {
    DeploymentOptions o = new DeploymentOptions();
    o.dataDir = data;
    o.database.databaseUrl = db.url();
    o.database.databaseUser = AuditTestDatabase.USER;
    o.database.databasePassword = db.password();
    return o;
  }

  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--database-url",
            db.url(),
            "--database-user",
            AuditTestDatabase.USER,
            "--database-password",
            db.password(),
            "--data-dir=" + data));
    return pledge(all.toArray(String[]::new));
  }

  /** Ada and Bob, each with a studio setting (a table row) and an encrypted image (a blob). */
  void twoPeople() throws Exception {
    try (DeploymentContext live = DeploymentContext.open(options())) {
      JdbcClient jdbc = live.bean(JdbcClient.class);
      PersonalBlobs blobs = live.bean(PersonalBlobs.class);
      for (String who : List.of("acct-ada", "acct-bob")) {
        jdbc.sql(
                """
                insert into studio_account (account_id, property_id, username, email, name,
                  country, region, birth_date, created_at)
                values (:id, 'image-studio', :id, :id || '@example.org', 'Test', 'DE', 'eu',
                  date '1990-01-01', now())
                """)
            .param("id", who)
            .update();
        jdbc.sql(
                "insert into api_setting (account_id, share_usage, updated_at) values (?, true, now())")
            .param(who)
            .update();
        blobs.put(
            STUDIO,
            who,
            CATEGORY,
            who + ".png",
            "image/png",
            new ByteArrayInputStream(("pixels of " + who).getBytes(StandardCharsets.UTF_8)));
      }
    }
  }

  @Test
  @DisplayName(
      "B-14 backup, erase a person, restore the backup: the person stays erased, their blobs"
          + " unreadable, verify clean, the audit trail intact")
  void restoreNeverResurrectsAnErasedPerson() throws Exception {
    twoPeople();

    Run backedUp = run("backup", "--to", backup.toString());
    assertThat(backedUp.code()).as(backedUp.err()).isZero();
    assertThat(backedUp.out()).contains("Backup of").contains("schema version");
    JsonNode manifest = new ObjectMapper().readTree(backup.resolve("manifest.json").toFile());
    assertThat(manifest.at("/tables/api_setting").asLong()).isEqualTo(2);
    assertThat(manifest.at("/tables/subject_keyset").asLong()).isEqualTo(2);
    assertThat(manifest.at("/files").has("database/api_setting.copy")).isTrue();
    assertThat(manifest.at("/files").has("keys/master.json")).isTrue();
    assertThat(manifest.at("/files").fieldNames())
        .toIterable()
        .anyMatch(f -> f.startsWith("blobs/"));
    assertThat(Files.getPosixFilePermissions(backup))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(backup.resolve("manifest.json")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(backup.resolve("database/api_setting.copy")))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    String adaRef;
    try (DeploymentContext live = DeploymentContext.open(options())) {
      adaRef = live.bean(AuditTrail.class).subjectReference("acct-ada");
      // The erasure job's own call, once per identifier of the person (RequestErasures.run).
      live.bean(RetentionEngine.class).erase(STUDIO, "acct-ada", "operator:test");
      assertThat(live.bean(PersonalKeys.class).exists(STUDIO, "acct-ada")).isFalse();
    }
    Path ledger = data.resolve("keys").resolve(ErasureLedger.FILE_NAME);
    assertThat(Files.readString(ledger))
        .contains(STUDIO + "\t" + adaRef)
        .doesNotContain("acct-ada");
    assertThat(Files.getPosixFilePermissions(ledger))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.exists(backup.resolve("keys").resolve(ErasureLedger.FILE_NAME))).isFalse();

    Run refused = run("restore", "--from", backup.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("not empty").contains("--force").doesNotContain("Exception");

    Run restored = run("restore", "--from", backup.toString(), "--force");
    assertThat(restored.code()).as(restored.out() + restored.err()).isZero();
    assertThat(restored.out())
        .contains("erased again     1 erasure")
        .contains("1 identifier found and erased")
        .contains("No violations");

    try (DeploymentContext after = DeploymentContext.open(options())) {
      JdbcClient jdbc = after.bean(JdbcClient.class);
      assertThat(
              jdbc.sql("select account_id from api_setting order by 1").query(String.class).list())
          .containsExactly("acct-bob");
      PersonalKeys keys = after.bean(PersonalKeys.class);
      assertThat(keys.exists(STUDIO, "acct-ada")).isFalse();
      assertThat(keys.exists(STUDIO, "acct-bob")).isTrue();
      PersonalBlobs blobs = after.bean(PersonalBlobs.class);
      assertThat(
              new String(
                  blobs.read(STUDIO, "acct-bob", CATEGORY, "acct-bob.png"), StandardCharsets.UTF_8))
          .isEqualTo("pixels of acct-bob");
      // Her rows are gone and her key with them: every copy of her ciphertext, the backup's
      // included, is unreadable.
      assertThat(blobs.list(STUDIO, "acct-ada")).isEmpty();
      assertThatThrownBy(() -> blobs.read(STUDIO, "acct-ada", CATEGORY, "acct-ada.png"))
          .isInstanceOfAny(UnreadableBlobException.class, java.util.NoSuchElementException.class);
      assertThat(after.bean(AuditTrail.class).verify().intact()).isTrue();
    }
    Run verify = run("verify");
    assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
  }

  @Test
  @DisplayName(
      "B-10 a backup holds personal blobs only encrypted; an altered or incomplete backup is"
          + " refused, naming the file")
  void alteredBackupRefused() throws Exception {
    twoPeople();
    assertThat(run("backup", "--to", backup.toString()).code()).isZero();
    List<Path> blobCopies;
    try (var walk = Files.walk(backup.resolve("blobs"))) {
      blobCopies = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(blobCopies).hasSize(2);
    for (Path copy : blobCopies) {
      assertThat(new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1))
          .doesNotContain("pixels of");
    }
    Run again = run("backup", "--to", backup.toString());
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("is not empty");

    Files.writeString(backup.resolve("database/api_setting.copy"), "acct-eve\tt\t2026-01-01\n");
    Run altered = run("restore", "--from", backup.toString(), "--force");
    assertThat(altered.code()).isEqualTo(1);
    assertThat(altered.err()).contains("altered").contains("database/api_setting.copy");

    Files.delete(backup.resolve("manifest.json"));
    Run incomplete = run("restore", "--from", backup.toString(), "--force");
    assertThat(incomplete.code()).isEqualTo(1);
    assertThat(incomplete.err()).contains("no manifest.json");
  }
}
