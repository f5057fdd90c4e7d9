package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An operator changes their own password. */
@WithRunningServer
class AccountTest {

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;

  private ConsoleClient.Response change(
      ConsoleClient browser, String current, String password, String confirmation)
      throws Exception {
    String page = browser.get("/console/account").body();
    return browser.post(
        "/console/account",
        Map.of(
            "current", current,
            "password", password,
            "confirmation", confirmation,
            "_csrf", ConsoleClient.csrf(page)));
  }

  @Test
  void changingThePasswordNeedsTheCurrentOneAndTwelveCharactersTwice() throws Exception {
    accounts.create("changes-password", ConsoleLoginTest.PASSWORD);
    ConsoleClient browser = new ConsoleClient(port, "127.0.3.1", "localhost");
    browser.login("changes-password", ConsoleLoginTest.PASSWORD);
    ConsoleClient.Response page = browser.get("/console/account");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Signed in as <strong>changes-password</strong>");
    assertThat(page.body()).doesNotContain("argon2");

    ConsoleClient.Response wrong =
        change(browser, "not it", "a new long password", "a new long password");
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body())
        .contains("The current password is not right.")
        .contains("aria-invalid=\"true\"");
    assertThat(change(browser, ConsoleLoginTest.PASSWORD, "too short", "too short").body())
        .contains("The new password needs at least 12 characters.");
    assertThat(
            change(browser, ConsoleLoginTest.PASSWORD, "a new long password", "a new long passw0rd")
                .body())
        .contains("The two new passwords differ");
    assertThat(
            change(
                    browser,
                    ConsoleLoginTest.PASSWORD,
                    ConsoleLoginTest.PASSWORD,
                    ConsoleLoginTest.PASSWORD)
                .body())
        .contains("The new password is the same as the current one");
    assertThat(change(browser, ConsoleLoginTest.PASSWORD, "x".repeat(300), "x".repeat(300)).body())
        .contains("at most 256 characters");

    ConsoleClient.Response done =
        change(browser, ConsoleLoginTest.PASSWORD, "a new long password", "a new long password");
    assertThat(done.status()).isEqualTo(302);
    assertThat(done.location()).endsWith("/console/account?changed");
    assertThat(browser.get("/console/account?changed").body())
        .contains("Your password has been changed.");

    assertThat(
            new ConsoleClient(port, "127.0.3.2", "localhost")
                .login("changes-password", "a new long password")
                .location())
        .endsWith("/console/");
    assertThat(
            new ConsoleClient(port, "127.0.3.3", "localhost")
                .login("changes-password", ConsoleLoginTest.PASSWORD)
                .location())
        .endsWith("/console/login?error");
  }

  @Test
  void aPasswordChangeWithoutTheCsrfTokenIsRefused() throws Exception {
    accounts.create("csrf-account", ConsoleLoginTest.PASSWORD);
    ConsoleClient browser = new ConsoleClient(port, "127.0.3.4", "localhost");
    browser.login("csrf-account", ConsoleLoginTest.PASSWORD);
    ConsoleClient.Response forged =
        browser.post(
            "/console/account",
            Map.of(
                "current", ConsoleLoginTest.PASSWORD,
                "password", "chosen by the attacker",
                "confirmation", "chosen by the attacker"));
    assertThat(forged.status()).isEqualTo(403);
    Operator operator = accounts.find("csrf-account").orElseThrow();
    assertThat(accounts.passwordMatches(ConsoleLoginTest.PASSWORD, operator.passwordHash()))
        .isTrue();
  }
}
