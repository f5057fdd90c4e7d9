package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
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

  @Test
  @DisplayName(
      "a password change ends the account's other sessions (pages and API); the session that"
          + " changed it stays signed in")
  void aPasswordChangeEndsTheOtherSessions() throws Exception {
    accounts.create("two-sessions", ConsoleLoginTest.PASSWORD);
    ConsoleClient here = new ConsoleClient(port, "127.0.3.10", "localhost");
    here.login("two-sessions", ConsoleLoginTest.PASSWORD);
    ConsoleClient elsewhere = new ConsoleClient(port, "127.0.3.11", "localhost");
    elsewhere.login("two-sessions", ConsoleLoginTest.PASSWORD);
    ConsoleClient script = new ConsoleClient(port, "127.0.3.12", "localhost");
    script.login("two-sessions", ConsoleLoginTest.PASSWORD);
    assertThat(elsewhere.get("/console/account").status()).isEqualTo(200);
    assertThat(script.get("/console/api/requests").status()).isEqualTo(200);

    ConsoleClient.Response done =
        change(here, ConsoleLoginTest.PASSWORD, "a brand new passphrase", "a brand new passphrase");
    assertThat(done.location()).endsWith("/console/account?changed&ended=2");
    assertThat(here.get("/console/account?changed&ended=2").body())
        .contains("Your other sessions were signed out.");

    ConsoleClient.Response ended = elsewhere.get("/console/account");
    assertThat(ended.status()).isEqualTo(302);
    assertThat(ended.location()).endsWith("/console/login?ended");
    assertThat(elsewhere.get("/console/login?ended").body()).contains("password was changed");
    assertThat(elsewhere.get("/console/account").status()).as("and stays out").isEqualTo(302);

    ConsoleClient.Response api = script.get("/console/api/requests");
    assertThat(api.status()).isEqualTo(401);
    assertThat(api.header("content-type")).startsWith("application/json");
    assertThat(api.body()).startsWith("{\"errors\":{\"session\":");

    assertThat(here.get("/console/account").status())
        .as("the changing session stays")
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "wrong current passwords on the Account page back off: after five, even the right one is"
          + " refused with 429 until the wait is over")
  void theCurrentPasswordCheckIsThrottled() throws Exception {
    accounts.create("guessed-account", ConsoleLoginTest.PASSWORD);
    ConsoleClient thief = new ConsoleClient(port, "127.0.3.20", "localhost");
    thief.login("guessed-account", ConsoleLoginTest.PASSWORD);
    for (int i = 0; i < PasswordCheckThrottle.FREE_FAILURES; i++) {
      ConsoleClient.Response wrong =
          change(thief, "guess " + i, "the thief's password", "the thief's password");
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.body()).contains("The current password is not right.");
    }
    ConsoleClient.Response refused =
        change(thief, ConsoleLoginTest.PASSWORD, "the thief's password", "the thief's password");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.header("retry-after")).matches("\\d+");
    assertThat(refused.body()).contains("Too many wrong current passwords. Try again in 1 minute");
    Operator operator = accounts.find("guessed-account").orElseThrow();
    assertThat(accounts.passwordMatches(ConsoleLoginTest.PASSWORD, operator.passwordHash()))
        .as("unchanged")
        .isTrue();
    assertThat(
            new ConsoleClient(port, "127.0.3.21", "localhost")
                .login("guessed-account", ConsoleLoginTest.PASSWORD)
                .location())
        .as("signing in is not affected")
        .endsWith("/console/");
  }
}
