package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The developer API's keys page (issue 15, B-12), in the accounts' test package for its sign-up and
 * second-factor helpers: a key is made only after a fresh second factor, shown once, stored as a
 * hash, works as a bearer key, and stops working when revoked on the page. A session cookie alone
 * never reaches the API.
 */
@WithRunningServer
class ApiKeysPageBrowserTest {

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
  @DisplayName(
      "B-12 B-03 an API key after a step-up, shown once, hashed, usable, its usage per day on the"
          + " page, revoked on the page")
  void keyLifecycle() throws Exception {
    var person = StudioPeople.verified(browser, port, "Kit Keys", "en");
    try (var b = person.browser()) {
      String id =
          jdbc.sql("select account_id from studio_account where lower(email) = lower(:e)")
              .param("e", person.email())
              .query(String.class)
              .single();
      b.open("/account/api-keys");
      b.page.fill("#key-name", "build server");
      b.page.click("form[data-new-key] button[type=submit]");
      assertThat(b.h1()).as("a key needs a fresh second factor").isEqualTo("Confirm it’s you");
      assertThat(keys(id)).isZero();

      b.open("/account/security/totp");
      String totp = b.page.locator("[data-totp-key]").textContent().strip();
      b.page.fill("#code", MailAndCodes.totp(totp, TestClock.get().instant()));
      b.page.click("form[action$='/account/security/totp'] button[type=submit]");

      b.open("/account/api-keys");
      b.page.fill("#key-name", "build server");
      b.page.check("input[name=scope][value=edit]");
      b.page.click("form[data-new-key] button[type=submit]");
      String secret = b.page.locator("[data-secret]").textContent().strip();
      assertThat(secret).startsWith("pst_live_");
      assertThat(keys(id)).isEqualTo(1);
      assertThat(
              jdbc.sql("select encode(secret_hash, 'hex') from api_key where account_id = :a")
                  .param("a", id)
                  .query(String.class)
                  .single())
          .isEqualTo(
              HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256")
                          .digest(secret.getBytes(StandardCharsets.UTF_8))));

      b.open("/account/api-keys");
      assertThat(b.page.content()).as("shown once").doesNotContain(secret);
      assertThat(b.page.locator("[data-key]").count()).isEqualTo(1);

      String api = b.studio + "/api/v1/images";
      // The browser's own session cookie is no key.
      assertThat(b.context.request().get(api).status()).isEqualTo(401);
      APIResponse ok =
          b.context
              .request()
              .get(api, RequestOptions.create().setHeader("Authorization", "Bearer " + secret));
      assertThat(ok.status()).isEqualTo(200);

      // Usage per key and day: an upload and an edit (1 credit), then a burst past the free
      // plan's requests a minute, all shown on the page.
      byte[] png =
          dev.pledge.server.images.TestImages.png(
              dev.pledge.server.images.TestImages.picture(16, 12));
      APIResponse up =
          b.context
              .request()
              .post(
                  api,
                  RequestOptions.create()
                      .setHeader("Authorization", "Bearer " + secret)
                      .setMultipart(
                          com.microsoft.playwright.options.FormData.create()
                              .set(
                                  "file",
                                  new com.microsoft.playwright.options.FilePayload(
                                      "u.png", "image/png", png))));
      assertThat(up.status()).as(up.text()).isEqualTo(201);
      String image =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(up.text()).get("id").asText();
      APIResponse edit =
          b.context
              .request()
              .post(
                  b.studio + "/api/v1/edits",
                  RequestOptions.create()
                      .setHeader("Authorization", "Bearer " + secret)
                      .setHeader("Content-Type", "application/json")
                      .setData(
                          "{\"image\": \""
                              + image
                              + "\", \"provider\": \"builtin\", \"operation\": \"rotate\","
                              + " \"angle\": 90}"));
      assertThat(edit.status()).as(edit.text()).isEqualTo(202);
      int limited = 0;
      for (int i = 0; i < 70 && limited == 0; i++) {
        if (b.context
                .request()
                .get(api, RequestOptions.create().setHeader("Authorization", "Bearer " + secret))
                .status()
            == 429) {
          limited++;
        }
      }
      assertThat(limited).as("a 429 within twice the free plan's minute").isEqualTo(1);
      b.open("/account/api-keys");
      var row =
          b.page.locator(
              "[data-usage] tr[data-usage-key='"
                  + jdbc.sql("select key_id from api_key where account_id = :a")
                      .param("a", id)
                      .query(String.class)
                      .single()
                  + "']");
      assertThat(row.count()).as("one row: today").isEqualTo(1);
      assertThat(row.textContent()).contains("build server");
      assertThat(Long.parseLong(row.locator("[data-field=requests]").textContent().strip()))
          .isGreaterThanOrEqualTo(4);
      assertThat(row.locator("[data-field=edits]").textContent().strip()).isEqualTo("1");
      assertThat(row.locator("[data-field=credits]").textContent().strip()).isEqualTo("1");
      assertThat(row.locator("[data-field=limited]").textContent().strip()).isEqualTo("1");

      b.page.click("[data-key] form button[type=submit]");
      assertThat(b.page.url()).contains("revoked");
      assertThat(
              b.context
                  .request()
                  .get(api, RequestOptions.create().setHeader("Authorization", "Bearer " + secret))
                  .status())
          .isEqualTo(401);
    } finally {
      TestClock.reset();
    }
  }

  long keys(String account) {
    return jdbc.sql("select count(*) from api_key where account_id = :a")
        .param("a", account)
        .query(Long.class)
        .single();
  }
}
