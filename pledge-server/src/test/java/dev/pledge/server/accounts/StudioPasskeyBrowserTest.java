package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Passkeys as a second way in (B-07, B-12), with Chromium's virtual authenticator (the DevTools
 * protocol's WebAuthn domain): registered from the security page, then used to sign in with no
 * password.
 */
@WithRunningServer
class StudioPasskeyBrowserTest {

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

  @Test
  @DisplayName("B-12 a passkey registered on the security page signs in without a password")
  void registerAndSignInWithPasskey() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String email = "grace-" + tag + "@example.net";
    try (StudioBrowser b = new StudioBrowser(browser, port, "en")) {
      CDPSession cdp = b.context.newCDPSession(b.page);
      cdp.send("WebAuthn.enable");
      JsonObject options = new JsonObject();
      options.addProperty("protocol", "ctap2");
      options.addProperty("transport", "internal");
      options.addProperty("hasResidentKey", true);
      options.addProperty("hasUserVerification", true);
      options.addProperty("isUserVerified", true);
      options.addProperty("automaticPresenceSimulation", true);
      JsonObject args = new JsonObject();
      args.add("options", options);
      cdp.send("WebAuthn.addVirtualAuthenticator", args);

      b.fillSignUp(
          "Grace Hopper",
          "grace" + tag,
          email,
          "cobol compiler " + tag,
          "US",
          StudioBrowser.bornYearsAgo(40));
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      b.page.navigate(MailAndCodes.localLink(MailAndCodes.await(email, 1).body(), b.base));
      b.page.click("form[data-token-form] button[type=submit]");

      b.open("/account/security");
      b.page.fill("#passkey-label", "Test laptop");
      b.page.click("form[data-passkey-register] button[type=submit]");
      b.page.waitForURL("**/account/security?passkey-added");
      assertThat(b.page.locator(".list-title").first().textContent()).contains("Test laptop");
      b.screenshot("studio-passkey-added-en");

      String account =
          jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
              .param("e", email)
              .query(String.class)
              .single();
      byte[] handle =
          jdbc.sql("select user_handle from studio_passkey where account_id = :a")
              .param("a", account)
              .query(byte[].class)
              .single();
      assertThat(new String(handle, StandardCharsets.ISO_8859_1))
          .as("the authenticator never learns the account id")
          .doesNotContain(account);

      b.signOut();
      b.open("/sign-in");
      b.page.click("[data-passkey-sign-in]");
      b.page.waitForURL(url -> !url.contains("/sign-in"));
      assertThat(b.h1()).isEqualTo("Hello, Grace Hopper");
      assertThat(
              jdbc.sql("select last_used_at is not null from studio_passkey where account_id = :a")
                  .param("a", account)
                  .query(Boolean.class)
                  .single())
          .isTrue();
      b.assertClean();
    }
  }
}
