package dev.pledge.cli;

import static dev.pledge.cli.PolicyCommandTest.pledge;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.cli.PolicyCommandTest.Run;
import dev.pledge.server.EmbeddedDatabasePasswords;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTestDatabase;
import dev.pledge.server.retention.RetentionEngine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
        .contains(
            "reference-site accesslog.day-files — Server access logs (truncated IP): Up to 90 days,"
                + " then deleted")
        // the studio's account categories are enforced (issue 13), its images' (issue 14), the
        // developer API's (issue 15) and the text of text edits, with the edits that hold it
        .doesNotContain("Not enforced")
        .doesNotContain("image-studio: user.content.prompts")
        .doesNotContain("image-studio: user.api.integration")
        .doesNotContain("image-studio: system.performance")
        .containsPattern("image-studio +user.api.integration +devapi.keys ")
        .containsPattern("image-studio +system.performance +devapi.requests ");
    assertThat(logs.resolve("access." + today.minusDays(120) + ".log")).exists();

    Run before = run("verify");
    assertThat(before.code()).isEqualTo(1);
    assertThat(before.out()).contains("OVERDUE  reference-site  accesslog.day-files");

    Run sweep = run("retention", "run");
    assertThat(sweep.code()).as(sweep.err()).isZero();
    assertThat(sweep.out())
        .containsPattern("accesslog.day-files +1 expired")
        .containsPattern("\\d+ items? expired");
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

  // ---- the same stores as the console (issue 12) ----

  /** The CLI on the shared test server's own database, as an operator runs it beside a server. */
  Run onServersDatabase(Path dataDir, String... args) {
    EmbeddedPostgres pg = context.getBean(EmbeddedPostgres.class);
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of(
            "--database-url",
            "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
            "--database-user",
            AuditTestDatabase.USER,
            "--database-password",
            context.getBean(EmbeddedDatabasePasswords.class).superuser(),
            "--data-dir=" + dataDir));
    return pledge(all.toArray(String[]::new));
  }

  /** The stores the console's Compliance page lists: the running server's retention plan. */
  Set<String> consoleStores() {
    return context.getBean(RetentionEngine.class).plan().stream()
        .map(e -> e.property() + " " + e.store())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** The stores in the table of {@code pledge retention plan}. */
  static Set<String> planStores(String out) {
    Set<String> stores = new TreeSet<>();
    boolean table = false;
    for (String line : out.split("\n")) {
      if (line.startsWith("PROPERTY")) {
        table = true;
      } else if (table && line.isBlank()) {
        break;
      } else if (table) {
        String[] cells = line.strip().split("\\s+");
        stores.add(cells[0] + " " + cells[2]);
      }
    }
    return stores;
  }

  /** The stores {@code pledge verify} says it checked, and those it says it could not. */
  static Set<String> verifyStores(String out) {
    Set<String> stores = new TreeSet<>();
    String section = "";
    for (String line : out.split("\n")) {
      if (line.startsWith("Stores checked") || line.startsWith("Not checked")) {
        section = line;
      } else if (!section.isEmpty() && line.matches("  \\S+ +\\S+")) {
        String[] cells = line.strip().split("\\s+");
        stores.add(cells[0] + " " + cells[1]);
      } else if (line.isBlank()) {
        section = "";
      }
    }
    return stores;
  }

  @Test
  @DisplayName(
      "A-19 retention plan and verify list every store the console's Compliance page lists, and name"
          + " the privacy mailbox they cannot reach, and why")
  void sameStoresAsTheConsole() {
    Set<String> console = consoleStores();
    assertThat(console).contains("reference-site mailbox.correspondence");

    Run plan = onServersDatabase(dir, "retention", "plan");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(planStores(plan.out())).isEqualTo(console);
    assertThat(plan.out())
        .contains("Not checked (1):")
        .containsPattern("reference-site mailbox.correspondence: not reachable from this command")
        .contains("pledge.mail.imap");

    Run verify = onServersDatabase(dir, "verify");
    assertThat(verify.code()).as("a store not checked is not a clean bill").isEqualTo(1);
    assertThat(verifyStores(verify.out())).as(verify.out()).isEqualTo(console);
    assertThat(verify.out())
        .contains("Not checked (1):")
        .contains("  reference-site  mailbox.correspondence");
  }

  @Test
  @DisplayName(
      "A-19 on a demo's data directory the CLI reaches the demo's privacy mailbox as the server"
          + " does, or says it could not connect and that the mailbox lives inside pledge demo")
  void demoMailbox() throws Exception {
    var mail = dev.pledge.server.TestMailServer.greenMail();
    mail.setUser("demo-box@reference.example.org", "privacy-mailbox", "demo-mail-secret");
    Files.writeString(dir.resolve("demo-mail-password"), "demo-mail-secret\n");
    Files.writeString(
        dir.resolve("demo-mail-ports"), "smtp=1\nimap=" + mail.getImap().getPort() + "\n");
    Run plan = onServersDatabase(dir, "retention", "plan");
    assertThat(plan.code()).as(plan.err()).isZero();
    assertThat(planStores(plan.out())).isEqualTo(consoleStores());
    assertThat(plan.out())
        .containsPattern(
            "reference-site +user.contact.correspondence +mailbox.correspondence +0 +0")
        .doesNotContain("Not checked");

    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Files.writeString(dir.resolve("demo-mail-ports"), "smtp=1\nimap=" + closed + "\n");
    Run down = onServersDatabase(dir, "retention", "plan");
    assertThat(down.code()).as(down.err()).isZero();
    assertThat(planStores(down.out())).isEqualTo(consoleStores());
    assertThat(down.out())
        .contains(
            "reference-site mailbox.correspondence: could not be read: could not connect to the"
                + " privacy mailbox at 127.0.0.1:"
                + closed)
        .contains("runs only inside `pledge demo`")
        .doesNotContain("demo-mail-secret");
  }
}
