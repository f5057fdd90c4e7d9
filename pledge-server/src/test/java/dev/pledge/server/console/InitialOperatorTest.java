package dev.pledge.server.console;

import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first operator of a fresh server. The running test server made one at its start; the other
 * cases run the creator against an empty operator table inside a transaction that is rolled back,
 * with a data directory of their own, so the shared server is left as it was.
 */
@WithRunningServer
@ExtendWith(OutputCaptureExtension.class)
class InitialOperatorTest {

  @Autowired PledgeSettings settings;
  @Autowired OperatorAccounts accounts;
  @Autowired PlatformTransactionManager transactions;
  @Autowired JdbcClient jdbc;

  @TempDir Path dataDir;

  private PledgeSettings settings(Path dir, boolean demo) {
    return new PledgeSettings(dir, List.of(), settings.embeddedDatabase(), demo, false);
  }

  /** Runs {@code body} with an empty operator table, then puts everything back. */
  private void withNoOperators(Consumer<InitialOperator> body, PledgeSettings s) {
    new TransactionTemplate(transactions)
        .executeWithoutResult(
            status -> {
              jdbc.sql("delete from operator").update();
              try {
                body.accept(new InitialOperator(s, accounts, transactions));
              } finally {
                status.setRollbackOnly();
              }
            });
  }

  @Test
  void theServerCreatedTheFirstOperatorAtStart() throws Exception {
    assertThat(accounts.find(InitialOperator.USERNAME)).isPresent();
    Path file = settings.dataDir().toAbsolutePath().resolve(InitialOperator.FILE_NAME);
    assertThat(file).isRegularFile();
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
  }

  @Test
  void aFreshServerWritesTheRandomPasswordToAFileOnlyItsUserCanRead(CapturedOutput output) {
    withNoOperators(
        initial -> {
          Optional<InitialOperator.Created> created = initial.createIfNone();
          assertThat(created).isPresent();
          Path file = dataDir.resolve(InitialOperator.FILE_NAME);
          assertThat(created.get().passwordFile()).isEqualTo(file);
          String password;
          try {
            assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
            password = Files.readString(file, StandardCharsets.UTF_8).strip();
            try (var leftovers = Files.list(dataDir)) {
              assertThat(leftovers).as("no temporary file left behind").containsExactly(file);
            }
          } catch (java.io.IOException e) {
            throw new AssertionError(e);
          }
          assertThat(password).hasSize(20).matches("[A-HJ-NP-Za-km-z2-9]{20}");
          Operator admin = accounts.find("admin").orElseThrow();
          assertThat(accounts.passwordMatches(password, admin.passwordHash())).isTrue();
          assertThat(admin.passwordHash()).startsWith("$argon2id$");

          List<String> lines =
              output.getAll().lines().filter(l -> l.contains("first console operator")).toList();
          assertThat(lines).hasSize(1);
          assertThat(lines.get(0)).contains("'admin'").contains(file.toString());
          assertThat(output.getAll()).doesNotContain(password);

          assertThat(initial.createIfNone()).as("only when there is no operator").isEmpty();

          // Once the password is changed, the file that holds the old one goes.
          initial.retireFileIfItHolds(accounts.passwordEncoder().encode("something else"));
          assertThat(file).exists();
          initial.retireFileIfItHolds(admin.passwordHash());
          assertThat(file).doesNotExist();
        },
        settings(dataDir, false));
  }

  @Test
  void inDemoModeTheOperatorIsDemoWithAKnownPassword(CapturedOutput output) {
    withNoOperators(
        initial -> {
          assertThat(initial.createIfNone()).isPresent();
          Operator demo = accounts.find("demo").orElseThrow();
          assertThat(accounts.passwordMatches("demo-operator", demo.passwordHash())).isTrue();
          assertThat(accounts.find("admin")).isEmpty();
          assertThat(dataDir.resolve(InitialOperator.FILE_NAME)).doesNotExist();
          List<String> lines =
              output.getAll().lines().filter(l -> l.contains("first console operator")).toList();
          assertThat(lines).hasSize(1);
          assertThat(lines.get(0)).contains("'demo'").contains("'demo-operator'");
        },
        settings(dataDir, true));
  }

  @Test
  void anUnwritableDataDirectoryStopsTheStartWithWhatToDo() throws Exception {
    Path notADirectory = Files.writeString(dataDir.resolve("occupied"), "a file, not a directory");
    withNoOperators(
        initial ->
            assertThatThrownBy(initial::createIfNone)
                .hasMessageContaining("Cannot write the first console operator's password to")
                .hasMessageContaining("make the data directory writable"),
        settings(notADirectory, false));
  }
}
