package dev.pledge.cli;

import static dev.pledge.cli.PolicyCommandTest.pledge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.cli.PolicyCommandTest.Run;
import dev.pledge.server.EarlierEmbeddedDatabase;
import dev.pledge.server.EmbeddedDatabasePasswords;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * {@code pledge audit verify} and {@code export} as an operator runs them, against a database of
 * their own on the tests' PostgreSQL (12 entries, checkpoints at 5 and 10), through picocli.
 */
@WithRunningServer
class AuditCommandTest {

  @Autowired ApplicationContext context;
  @TempDir Path dir;

  private AuditTestDatabase db;

  @BeforeEach
  void database() {
    db = new AuditTestDatabase(context, dir.resolve("keys"), 5);
    db.appendEntries(12);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private Run audit(String... args) {
    String[] all = new String[args.length + 8];
    all[0] = "audit";
    System.arraycopy(args, 0, all, 1, args.length);
    all[args.length + 1] = "--database-url";
    all[args.length + 2] = db.url();
    all[args.length + 3] = "--database-user";
    all[args.length + 4] = AuditTestDatabase.USER;
    all[args.length + 5] = "--database-password";
    all[args.length + 6] = db.password();
    all[args.length + 7] = "--data-dir=" + dir;
    return pledge(all);
  }

  @Test
  @DisplayName("audit verify: an intact trail exits 0 with a one-line summary")
  void verifyIntact() {
    Run run = audit("verify");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out().strip())
        .startsWith("Audit trail intact: 12 entries, 2 checkpoints, last checkpoint #2 at entry 10")
        .doesNotContain("\n");
  }

  @Test
  @DisplayName("audit verify: a tampered trail exits 1 naming the first bad entry, no stack trace")
  void verifyTampered() {
    db.tamper("update audit_entry set actor = 'operator:mallory' where seq = 7");
    Run run = audit("verify");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("Audit trail BROKEN at entry 7: entry 7 was modified")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  @DisplayName("audit export writes a ZIP an auditor can check, and its keys pin a later verify")
  void export() throws Exception {
    Path zip = dir.resolve("audit.zip");
    Run run = audit("export", "-o", zip.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("Wrote 12 entries and 2 checkpoints to " + zip);
    Map<String, String> files = unzip(zip);
    assertThat(files)
        .containsOnlyKeys(
            "README.txt",
            "verification.txt",
            "public-keys.json",
            "entries.jsonl",
            "checkpoints.jsonl");
    assertThat(files.get("entries.jsonl").lines()).hasSize(12);
    assertThat(files.get("checkpoints.jsonl").lines()).hasSize(2);
    assertThat(files.get("verification.txt")).startsWith("Audit trail intact: 12 entries");
    assertThat(files.get("README.txt")).contains("pledge-audit-entry-v1").contains("Ed25519");
    assertThat(files.get("public-keys.json")).contains("\"algorithm\" : \"Ed25519\"");

    Path keys = dir.resolve("public-keys.json");
    Files.writeString(keys, files.get("public-keys.json"));
    assertThat(audit("verify", "--public-key", keys.toString()).code()).isZero();
    Path other = dir.resolve("other.key");
    Files.writeString(other, "ab".repeat(32) + "\n");
    Run wrongKey = audit("verify", "--public-key", other.toString());
    assertThat(wrongKey.code()).isEqualTo(1);
    assertThat(wrongKey.err()).contains("not one of the pinned public keys");
  }

  @Test
  @DisplayName("audit: wrong usage exits 2 with a message saying what to change")
  void usage() throws Exception {
    Run none = pledge("audit");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("'pledge audit' needs one");

    Run missingKey = audit("verify", "--public-key", dir.resolve("nope.json").toString());
    assertThat(missingKey.code()).isEqualTo(2);
    assertThat(missingKey.err()).contains("cannot be read");

    Path empty = dir.resolve("empty.json");
    Files.writeString(empty, "{}");
    Run noKeys = audit("verify", "--public-key", empty.toString());
    assertThat(noKeys.code()).isEqualTo(2);
    assertThat(noKeys.err()).contains("holds no public key");

    Run badOutput = audit("export", "-o", dir.resolve("missing/x.zip").toString());
    assertThat(badOutput.code()).isEqualTo(2);
    assertThat(badOutput.err()).contains("does not exist");

    Run noDatabase = pledge("audit", "verify", "--data-dir", dir.resolve("nothing").toString());
    assertThat(noDatabase.code()).isEqualTo(2);
    assertThat(noDatabase.err()).contains("no Pledge database in").contains("--database-url");
  }

  @Test
  @DisplayName(
      "audit verify reaches the database of a server running on the data directory, with the"
          + " password the server keeps there")
  void runningServer() throws Exception {
    int port = context.getBean(EmbeddedPostgres.class).getPort();
    Path running = dir.resolve("running");
    Path postgres = Files.createDirectories(running.resolve("postgres"));
    Files.writeString(postgres.resolve("PG_VERSION"), "17\n");
    // postmaster.pid: line 1 the process id (this JVM stands in for the server), line 4 the port.
    Files.writeString(
        postgres.resolve("postmaster.pid"),
        ProcessHandle.current().pid() + "\n" + postgres + "\n1795405016\n" + port + "\n/tmp\n");
    Run withoutPasswords = pledge("audit", "verify", "--data-dir", running.toString());
    assertThat(withoutPasswords.code()).isEqualTo(1);
    assertThat(withoutPasswords.err())
        .contains(EmbeddedDatabasePasswords.FILE_NAME + " is missing")
        .doesNotContain("Exception");

    Path dataDir = context.getBean(PledgeSettings.class).dataDir();
    Files.copy(
        dataDir.resolve(EmbeddedDatabasePasswords.FILE_NAME),
        running.resolve(EmbeddedDatabasePasswords.FILE_NAME));
    Run run = pledge("audit", "verify", "--data-dir", running.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Audit trail intact: ");
  }

  @Test
  @DisplayName(
      "audit verify starts a stopped deployment's embedded PostgreSQL for the command (one an"
          + " earlier version made: it is locked down on the way)")
  void stoppedDeployment() throws Exception {
    Path data = dir.resolve("stopped");
    try (EmbeddedPostgres pg = EarlierEmbeddedDatabase.start(data)) {
      assertThat(pg.getPort()).isPositive();
    }
    Run run = pledge("audit", "verify", "--data-dir", data.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("Audit trail intact: 0 entries, 0 checkpoints");
    assertThat(DeploymentContext.runningServerPort(data.resolve("postgres")))
        .as("stopped again after the command")
        .isEmpty();
    assertThat(data.resolve(EmbeddedDatabasePasswords.FILE_NAME)).exists();
  }

  private static Map<String, String> unzip(Path zip) throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
