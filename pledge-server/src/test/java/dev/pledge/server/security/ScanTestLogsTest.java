package dev.pledge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's log scan (B-13, src/build/scan-test-logs.sh) run on captured outputs written here: it
 * fails on a planted value in a log line or in the exception logged with it, and lets the tests'
 * own printing and the stack frames pass.
 */
@Tag("B-13")
class ScanTestLogsTest {

  static final Path SCRIPT = Path.of("src", "build", "scan-test-logs.sh");

  @TempDir Path dir;

  record Run(int exit, String output) {}

  Run scan(String captured) throws IOException, InterruptedException {
    Files.writeString(dir.resolve("dev.pledge.Some-output.txt"), captured, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder("bash", SCRIPT.toString(), dir.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  @DisplayName("B-13 the log scan passes clean log lines, stack frames and the tests' own output")
  void cleanPasses() throws Exception {
    Run r =
        scan(
            """
            12:00:01.123 INFO  Tickets - Ticket T-ABCD1234 opened
            12:00:02.456 WARN  Mailer - Could not send the notice
            java.lang.IllegalStateException: the mail server is down
            \tat dev.pledge.server.Mailer.send(Mailer.java:42)
            Caused by: java.net.ConnectException: Connection refused
            \t... 12 more
            expected: someone@example.org but was: nobody
            """);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("4 log lines in 1 captured outputs");
  }

  @Test
  @DisplayName("B-13 the log scan fails on an e-mail address in a log line")
  void addressInLogLine() throws Exception {
    Run r = scan("12:00:01.123 INFO  SignUps - Created the account of ann@example.org\n");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.output()).contains("ann@example.org");
  }

  @Test
  @DisplayName("B-13 the log scan fails on a planted value in the exception logged with a line")
  void secretInException() throws Exception {
    for (String exception :
        new String[] {
          "org.postgresql.util.PSQLException: ERROR: duplicate key value\n"
              + "  Detail: Key (lower(email))=(ann@example.org) already exists.\n",
          "java.lang.RuntimeException: wrapped\n"
              + "\tat dev.pledge.server.X.y(X.java:1)\n"
              + "Caused by: java.lang.IllegalArgumentException: bad key"
              + " pst_live_abcdefghijklmnopqrstu\n",
          "java.lang.IllegalStateException: token "
              + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef unknown\n"
        }) {
      Run r = scan("12:00:01.123 ERROR Jobs - The job failed\n" + exception);
      assertThat(r.exit()).as("scan of:\n%s\n%s", exception, r.output()).isEqualTo(1);
    }
  }
}
