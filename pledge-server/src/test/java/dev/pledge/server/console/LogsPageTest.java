package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithRunningServer
class LogsPageTest {

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired PledgeSettings settings;

  private ConsoleClient operator;

  @BeforeEach
  void signIn() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "logs-reader", "127.0.2.7");
  }

  @Test
  @DisplayName(
      "A-08 the Logs page shows status codes, error paths and agents from the anonymised log")
  void logsPage() throws Exception {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(6);
    String date =
        day.format(
            java.time.format.DateTimeFormatter.ofPattern("dd/MMM/yyyy", java.util.Locale.ENGLISH));
    java.nio.file.Path dir = settings.dataDir().resolve("logs").resolve("access").toAbsolutePath();
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("access." + day + ".log"),
        // Fifty lines, so the probe ranks above other tests' requests in the top lists.
        ("198.51.100.0 - - ["
                + date
                + ":09:00:00 +0000] \"GET /logs-page-probe HTTP/1.1\" 404 9 \"-\" \"ProbeAgent/1.0\"\n")
            .repeat(50));
    ConsoleClient.Response page = operator.get("/console/logs?days=7");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Status codes over time")
        .contains("404 /logs-page-probe")
        .contains("ProbeAgent/1.0");
    ConsoleClient.Response bad = operator.get("/console/logs?days=abc");
    assertThat(bad.status()).isEqualTo(200);
    assertThat(bad.body()).contains("days must be a whole number from 1 to 90");
  }

  @Test
  void logsPageNeedsSignIn() throws Exception {
    ConsoleClient anonymous = new ConsoleClient(port, "127.0.2.8", "localhost");
    ConsoleClient.Response r = anonymous.get("/console/logs");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location()).endsWith("/console/login");
  }
}
