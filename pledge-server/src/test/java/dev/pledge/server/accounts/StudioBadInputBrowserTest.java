package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Bad input gets a clear answer and changes nothing: duplicate addresses and usernames, fields past
 * their limits (sent around the browser's own limits), a password-reset link used after it expired,
 * and wrong second-factor codes until they are throttled.
 */
@WithRunningServer
class StudioBadInputBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @AfterEach
  void clockBack() {
    TestClock.reset();
  }

  long accounts() {
    return jdbc.sql("select count(*) from studio_account").query(Long.class).single();
  }

  @Test
  @DisplayName("B-01 duplicates and oversized fields: a message at the field, no account made")
  void duplicatesAndOversizedFields() throws Exception {
    var first = StudioPeople.verified(browser, port, "Dupe Original", "en");
    first.browser().close();
    try (StudioBrowser b = new StudioBrowser(browser, port, "en")) {
      String username =
          jdbc.sql("select username from studio_account where lower(email) = lower(:e)")
              .param("e", first.email())
              .query(String.class)
              .single();
      long before = accounts();
      b.fillSignUp(
          "Someone Else",
          username,
          first.email().toUpperCase(),
          "another long phrase",
          "GB",
          StudioBrowser.bornYearsAgo(25));
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.page.locator("#email-error").textContent()).contains("already exists");
      assertThat(b.page.locator("#username-error").textContent()).contains("taken");
      assertThat(b.page.inputValue("#password")).as("a password is never sent back").isEmpty();
      assertThat(b.page.inputValue("#name")).isEqualTo("Someone Else");

      b.open("/sign-up");
      String csrf = StudioPeople.csrf(b);
      APIResponse r =
          b.context
              .request()
              .post(
                  b.studio + "/sign-up",
                  RequestOptions.create()
                      .setForm(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set("name", "N".repeat(101))
                              .set("username", "u".repeat(31))
                              .set("email", "e".repeat(250) + "@x.io")
                              .set("password", "p".repeat(129))
                              .set("country", "XX")
                              .set("birthDate", "1990-02-30")));
      assertThat(r.status()).isEqualTo(400);
      String page = r.text();
      assertThat(page)
          .contains("at most 100 characters")
          .contains("3 to 30 characters")
          .contains("at most 254 characters")
          .contains("at most 128 characters")
          .contains("Choose your country or region")
          .contains("real date of birth");
      assertThat(accounts()).as("nothing was made").isEqualTo(before);
      b.assertClean();
    }
  }

  @Test
  @DisplayName("a reset link used after its hour is refused clearly; the password stays")
  void expiredResetLink() throws Exception {
    var person = StudioPeople.verified(browser, port, "Rita Reset", "en");
    try (var b = person.browser()) {
      b.signOut();
      b.open("/reset");
      b.page.fill("#email", person.email());
      b.page.click("form[action$='/reset'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Check your inbox");
      String link =
          MailAndCodes.localLink(MailAndCodes.await(person.email(), "Reset").body(), b.base);
      TestClock.advance(Duration.ofMinutes(61));
      b.page.navigate(link);
      b.page.fill("#password", "a brand new phrase here");
      b.page.click("form[action$='/reset/confirm'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("This link doesn’t work any more");
      b.signIn(person.email(), person.password());
      assertThat(b.h1()).as("the old password still works").isEqualTo("Hello, Rita Reset");
    }
  }

  @Test
  @DisplayName("B-12 wrong codes are throttled: after five, even the right code is refused")
  void wrongCodesAreThrottled() throws Exception {
    var person = StudioPeople.verified(browser, port, "Theo Throttle", "en");
    try (var b = person.browser()) {
      b.open("/account/security/totp");
      String key = b.page.locator("[data-totp-key]").textContent().strip();
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/account/security/totp'] button[type=submit]");
      b.signOut();
      b.signIn(person.email(), person.password());
      for (int i = 0; i < SignInThrottles.CODES_PER_ACCOUNT; i++) {
        b.page.fill("#code", "12345" + i);
        b.page.click("form[action$='/sign-in/code'] button[type=submit]");
      }
      TestClock.advance(Duration.ofSeconds(30));
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/sign-in/code'] button[type=submit]");
      assertThat(b.page.locator(".notice-error").textContent()).contains("Too many wrong codes");
      assertThat(b.h1()).isEqualTo("Two-step verification");
    }
  }
}
