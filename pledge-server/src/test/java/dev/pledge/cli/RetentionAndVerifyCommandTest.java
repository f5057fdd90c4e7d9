package dev.pledge.cli;

import static dev.pledge.cli.PolicyCommandTest.pledge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.cli.PolicyCommandTest.Run;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * {@code pledge retention plan|run} and {@code pledge verify} as an operator runs them against a
 * deployment: a database of their own on the tests' PostgreSQL and a data directory with an access
 * log, through picocli.
 */
@WithRunningServer
class RetentionAndVerifyCommandTest {

  @Autowired ApplicationContext context;
  @TempDir Path dir;

  AuditTestDatabase db;
  Path logs;
  LocalDate today = LocalDate.now(ZoneOffset.UTC);

  @BeforeEach
  void deployment() throws Exception {
    db = new AuditTestDatabase(context, dir.resolve("keys"), 100);
    logs = Files.createDirectories(dir.resolve("logs/access"));
    Files.writeString(
        logs.resolve("access." + today.minusDays(120) + ".log"), "198.51.100.0 - - old\n");
    Files.writeString(
        logs.resolve("access." + today.minusDays(3) + ".log"), "198.51.100.0 - - recent\n");
  }

  @AfterEach
  void drop() {
    db.close();
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
            "--data-dir=" + dir));
    return pledge(all.toArray(String[]::new));
  }

  @Test
  @DisplayName(
      "A-17 retention plan shows what is due; retention run expires it and audits it; verify then passes")
  void planRunVerify() {
    Run plan = run("retention", "plan");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(plan.out())
        .containsPattern("reference-site +user.device.access_logs +accesslog.day-files +2 +1 ")
        .contains("reference-site accesslog.day-files: P90D from collection, delete")
        .contains("Not enforced")
        // the studio's accounts and images keep their categories; marketing mail has no store yet
        .contains("image-studio: user.communications.marketing");
    assertThat(logs.resolve("access." + today.minusDays(120) + ".log")).exists();

    Run before = run("verify");
    assertThat(before.code()).isEqualTo(1);
    assertThat(before.out()).contains("OVERDUE  reference-site  accesslog.day-files");

    Run sweep = run("retention", "run");
    assertThat(sweep.code()).as(sweep.err()).isZero();
    assertThat(sweep.out())
        .containsPattern("accesslog.day-files +1 expired")
        .contains("item(s) expired");
    assertThat(logs.resolve("access." + today.minusDays(120) + ".log")).doesNotExist();
    assertThat(logs.resolve("access." + today.minusDays(3) + ".log")).exists();
    assertThat(
            JdbcClient.create(db.dataSource())
                .sql(
                    "select count(*) from audit_entry where action = 'retention.expired' and store = 'accesslog.day-files' and actor = 'cli'")
                .query(Long.class)
                .single())
        .as("one audit entry per deleted file, whichever property's store deleted it")
        .isEqualTo(1);

    Run after = run("verify");
    assertThat(after.code()).as(after.out() + after.err()).isZero();
    assertThat(after.out()).startsWith("No violations").contains("Notes:");
  }

  @Test
  @DisplayName(
      "A-02 verify reports a raw address in the anonymised access log, without printing it")
  void verifyFindsRawAddress() throws Exception {
    Files.writeString(
        logs.resolve("access." + today.minusDays(1) + ".log"), "198.51.100.23 - - raw\n");
    Run run = run("verify");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out())
        .contains("NOT_ANONYMISED")
        .contains("raw IPv4 address in the access log")
        .doesNotContain("198.51.100.23");
  }

  @Test
  @DisplayName("a data directory without a database is a usage error with a way out")
  void noDeployment() {
    Run run = pledge("verify", "--data-dir=" + dir.resolve("nothing-here"));
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("no Pledge database in").contains("--database-url");
    assertThat(run.err()).doesNotContain("Exception");
  }
}
