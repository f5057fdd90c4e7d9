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
    return options(db, data);
  }

  static DeploymentOptions options(AuditTestDatabase db, Path data) {
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
      twoPeople(live);
    }
  }

  static void twoPeople(DeploymentContext live) throws Exception {
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

  @Test
  @DisplayName(
      "B-27 backup, erase a person, restore the backup: the person stays erased, their blobs"
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

  @Test
  @DisplayName(
      "B-27 a restore erases again, by reference, a person no store can list (only blobs): their"
          + " restored key destroyed and their blobs deleted (PersonalKeys.destroyReference,"
          + " PersonalBlobs.deleteAllOfReference)")
  void restoreErasesByReferenceWhomNoStoreLists() throws Exception {
    try (DeploymentContext live = DeploymentContext.open(options())) {
      live.bean(PersonalBlobs.class)
          .put(
              STUDIO,
              "acct-cy",
              CATEGORY,
              "cy.png",
              "image/png",
              new ByteArrayInputStream("pixels of cy".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(run("backup", "--to", backup.toString()).code()).isZero();
    try (DeploymentContext live = DeploymentContext.open(options())) {
      live.bean(RetentionEngine.class).erase(STUDIO, "acct-cy", "operator:test");
    }

    Run restored = run("restore", "--from", backup.toString(), "--force");
    assertThat(restored.code()).as(restored.out() + restored.err()).isZero();
    // No store lists her (she has no account row): only her reference in the ledger finds her.
    assertThat(restored.out())
        .contains("0 identifiers found and erased")
        .contains("1 personal key destroyed")
        .contains("1 blob deleted by reference");
    try (DeploymentContext after = DeploymentContext.open(options())) {
      assertThat(after.bean(PersonalKeys.class).exists(STUDIO, "acct-cy")).isFalse();
      assertThat(after.bean(PersonalBlobs.class).list(STUDIO, "acct-cy")).isEmpty();
      assertThat(after.bean(JdbcClient.class).sql("select count(*) from personal_blob"))
          .extracting(q -> q.query(Long.class).single())
          .isEqualTo(0L);
    }
    try (var walk = Files.walk(data.resolve("blobs"))) {
      assertThat(walk.filter(Files::isRegularFile).toList()).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "a backup holds every table of the schema, as information_schema lists them (the consent,"
          + " incidents, processors and policy-change modules' included), and a restore brings"
          + " back every row")
  void everyTableOfTheSchemaIsBackedUp() throws Exception {
    twoPeople();
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    jdbc.sql(
            """
            insert into consent_receipt (receipt_id, property_id, account_id, device_ref, granted,
              refused, policy_sha256, consent_revision, source, gpc, recorded_at)
            values (gen_random_uuid()::text, 'reference-site', null, 'device-1', '{analytics}',
              '{}', 'abc', 1, 'banner', false, now())
            """)
        .update();
    List<String> schema =
        jdbc.sql(
                """
                select table_name from information_schema.tables
                where table_schema = current_schema() and table_type = 'BASE TABLE'
                  and table_name <> 'flyway_schema_history'
                  and table_name not in (select c.relname from pg_partitioned_table p
                                         join pg_class c on c.oid = p.partrelid)
                """)
            .query(String.class)
            .list();
    assertThat(schema)
        .contains(
            "consent_receipt",
            "incident",
            "incident_person",
            "processor_transfer",
            "policy_change",
            "policy_change_decision");

    assertThat(run("backup", "--to", backup.toString()).code()).isZero();
    JsonNode tables =
        new ObjectMapper().readTree(backup.resolve("manifest.json").toFile()).get("tables");
    List<String> backedUp = new ArrayList<>();
    tables.fieldNames().forEachRemaining(backedUp::add);
    assertThat(backedUp).containsExactlyInAnyOrderElementsOf(schema);
    for (String t : schema) {
      assertThat(backup.resolve("database").resolve(t + ".copy")).isRegularFile();
    }
    assertThat(tables.get("consent_receipt").asLong()).isEqualTo(1);

    Run restored = run("restore", "--from", backup.toString(), "--force");
    assertThat(restored.code()).as(restored.out() + restored.err()).isZero();
    for (String t : schema) {
      long rows = jdbc.sql("select count(*) from \"" + t + "\"").query(Long.class).single();
      if (t.startsWith("audit_")) {
        // the restore appends its own audit entry (and may sign a checkpoint)
        assertThat(rows).as(t).isGreaterThanOrEqualTo(tables.get(t).asLong());
      } else {
        assertThat(rows).as(t).isEqualTo(tables.get(t).asLong());
      }
    }
  }

  /** What a refused restore must leave as it was: rows, schema history, the master key. */
  String liveState() throws Exception {
    JdbcClient jdbc = JdbcClient.create(db.dataSource());
    return jdbc.sql("select string_agg(account_id, ',' order by account_id) from api_setting")
            .query(String.class)
            .single()
        + " / "
        + jdbc.sql("select count(*) from flyway_schema_history").query(Long.class).single()
        + " migrations / "
        + jdbc.sql("select count(*) from subject_keyset").query(Long.class).single()
        + " keys / "
        + jdbc.sql("select count(*) from audit_entry").query(Long.class).single()
        + " audit entries / master "
        + java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Files.readAllBytes(data.resolve("keys/master.json"))));
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (var walk = Files.walk(from)) {
      for (Path f : walk.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }

  void assertRefused(Run r, String live, String... says) throws Exception {
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("pledge restore: ").doesNotContain("Exception").contains(says);
    assertThat(liveState()).isEqualTo(live);
  }

  @Test
  @DisplayName(
      "a restore from a missing directory, a truncated file, a newer Pledge's backup or another"
          + " installation's backup is refused in one line, exit 1, the live database unchanged")
  void badBackupsRefusedBeforeAnyChange() throws Exception {
    twoPeople();
    assertThat(run("backup", "--to", backup.toString()).code()).isZero();
    JdbcClient.create(db.dataSource())
        .sql(
            "insert into api_setting (account_id, share_usage, updated_at) values ('acct-new',"
                + " false, now())")
        .update();
    String live = liveState();

    assertRefused(
        run("restore", "--from", dir.resolve("nowhere").toString(), "--force"),
        live,
        "nowhere does not exist");

    Path truncated = dir.resolve("truncated");
    copyTree(backup, truncated);
    Path copyFile = truncated.resolve("database/api_setting.copy");
    byte[] whole = Files.readAllBytes(copyFile);
    Files.write(copyFile, java.util.Arrays.copyOf(whole, whole.length / 2));
    assertRefused(
        run("restore", "--from", truncated.toString(), "--force"),
        live,
        "altered or truncated",
        "database/api_setting.copy");

    Path cutManifest = dir.resolve("cut-manifest");
    copyTree(backup, cutManifest);
    Path manifestFile = cutManifest.resolve("manifest.json");
    byte[] m = Files.readAllBytes(manifestFile);
    Files.write(manifestFile, java.util.Arrays.copyOf(m, m.length / 2));
    assertRefused(
        run("restore", "--from", cutManifest.toString(), "--force"),
        live,
        "cannot be read as a backup manifest",
        "damaged or truncated");

    Path newer = dir.resolve("newer");
    copyTree(backup, newer);
    ObjectMapper json = new ObjectMapper();
    var manifest =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            json.readTree(newer.resolve("manifest.json").toFile());
    manifest.put("flywayVersion", "9999");
    json.writeValue(newer.resolve("manifest.json").toFile(), manifest);
    assertRefused(
        run("restore", "--from", newer.toString(), "--force"),
        live,
        "made by a newer Pledge (schema version 9999",
        "this one knows up to");

    Path otherData = dir.resolve("other-data");
    Path otherBackup = dir.resolve("other-backup");
    try (AuditTestDatabase other = new AuditTestDatabase(context, otherData.resolve("keys"), 100)) {
      try (DeploymentContext o = DeploymentContext.open(options(other, otherData))) {
        twoPeople(o);
      }
      Run b =
          pledge(
              "backup",
              "--to",
              otherBackup.toString(),
              "--database-url",
              other.url(),
              "--database-user",
              AuditTestDatabase.USER,
              "--database-password",
              other.password(),
              "--data-dir=" + otherData);
      assertThat(b.code()).as(b.err()).isZero();
    }
    assertRefused(
        run("restore", "--from", otherBackup.toString(), "--force"),
        live,
        "another installation",
        "master key");
  }

  static long editJobThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("image-jobs"))
        .count();
  }

  @Test
  @DisplayName(
      "a command's context (backup, restore, verify) starts no edit-job poller: it would take a"
          + " running server's job and drop it half done when the command ends")
  void commandsRunNoEditJobs() throws Exception {
    long before = editJobThreads();
    try (DeploymentContext cli = DeploymentContext.open(options())) {
      assertThat(cli.bean(JdbcClient.class).sql("select 1").query(Integer.class).single())
          .isEqualTo(1);
      assertThat(editJobThreads()).isEqualTo(before);
    }
  }
}
