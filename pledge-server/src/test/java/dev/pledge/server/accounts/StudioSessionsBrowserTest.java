package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.rights.RequestErasures;
import dev.pledge.server.rights.RightsRequests;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sessions a person can see and end (B-01, B-07), and a parent's report erasing a child's account
 * at once through the engine (B-33, B-34).
 */
@WithRunningServer
class StudioSessionsBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RequestErasures erasures;
  @Autowired RightsRequests requests;
  @Autowired RetentionEngine engine;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName("a session revoked from another browser is signed out on its very next request")
  void revokeAnotherSession() throws Exception {
    var person = StudioPeople.verified(browser, port, "Sam Sessions", "en");
    try (var first = person.browser();
        var second = new StudioBrowser(browser, port, "en")) {
      second.signIn(person.email(), person.password());
      assertThat(second.h1()).isEqualTo("Hello, Sam Sessions");

      first.open("/account/sessions");
      assertThat(first.page.locator(".sessions .list-row").count()).isEqualTo(2);
      assertThat(first.page.locator(".sessions").textContent())
          .contains("Chrome")
          .contains("This browser");
      first.screenshot("studio-sessions-en");
      first.page.click(".sessions .list-row:not(:has(.badge-ok)) button[type=submit]");
      assertThat(first.page.locator(".sessions .list-row").count()).isEqualTo(1);

      second.open("/account");
      assertThat(second.page.url())
          .as("revoked: the next request is signed out")
          .contains("/sign-in");
      first.open("/account");
      assertThat(first.h1()).as("this browser stays signed in").isEqualTo("Profile");
      first.open("/account/sessions");
      first.page.click("form[action$='/revoke-all'] button[type=submit]");
      first.open("/account");
      assertThat(first.page.url()).contains("/sign-in");
      first.assertClean();
    }
  }

  @Test
  @DisplayName(
      "B-33 B-34 a parent reports an account they never allowed: erased at once through the"
          + " engine, every studio store at 0, the receipt to the parent")
  void parentReportErasesAtOnce() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String email = "mia-" + tag + "@example.fr";
    String parent = "mum-" + tag + "@example.fr";
    try (var b = new StudioBrowser(browser, port, "en")) {
      b.fillSignUp(
          "Mia", "mia" + tag, email, "green parrot " + tag, "FR", StudioBrowser.bornYearsAgo(15));
      b.page.fill("#parentEmail", parent);
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Ask your parent to check their e-mail");
      String child =
          jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
              .param("e", email)
              .query(String.class)
              .single();

      try (var p = new StudioBrowser(browser, port, "en")) {
        p.page.navigate(
            MailAndCodes.localLink(MailAndCodes.await(parent, "asks to use").body(), p.base));
        p.page.click("form[data-token-form] button[type=submit]");
        p.page.click("[data-parent-report]");
        assertThat(p.h1()).isEqualTo("The account is being erased");
        String reference = p.page.locator("[data-reference]").textContent().strip();
        for (int i = 0; i < 300 && erasures.state(reference) != RequestErasures.State.DONE; i++) {
          Thread.sleep(200);
        }
        assertThat(erasures.state(reference)).isEqualTo(RequestErasures.State.DONE);
        assertThat(erasures.receipt(reference).orElseThrow())
            .filteredOn(line -> line.store().startsWith("studio."))
            .isNotEmpty()
            .allSatisfy(line -> assertThat(line.remaining()).as(line.store()).isZero());
        assertThat(
                jdbc.sql("select count(*) from studio_account where account_id = :a")
                    .param("a", child)
                    .query(Long.class)
                    .single())
            .isZero();
        // Notices go out with the engine's notice job (every minute).
        assertThat(MailAndCodes.await(parent, "erasure receipt", Duration.ofSeconds(150)).body())
            .contains(reference);
      }
    }
  }
}
