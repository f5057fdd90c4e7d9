package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.LocalHttp;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Marketing e-mail (B-05, B-28): nothing before a double opt-in; a campaign from the console
 * reaches confirmed subscribers only, with RFC 8058's headers; one POST to the e-mail's link
 * unsubscribes without a session or CSRF token, a GET changes nothing and a forged token nothing;
 * replying to the {@code mailto:} unsubscribes too; an objection stops it; a minor can never
 * subscribe (B-33).
 */
@WithRunningServer
class MarketingEmailTest {

  static final Pattern LIST_UNSUBSCRIBE =
      Pattern.compile(
          "<https://studio\\.example\\.com/unsubscribe/([0-9a-f]{64})>,"
              + " <mailto:support@studio\\.example\\.com\\?subject=unsubscribe-([0-9a-f]{64})>");

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired Campaigns campaigns;
  @Autowired SupportMailIntake intake;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  String status(String account, String topic) {
    return jdbc.sql(
            "select coalesce((select status || '/' || coalesce(unsubscribed_by, '-') from"
                + " marketing_subscription where account_id = :a and topic = :t), 'none')")
        .param("a", account)
        .param("t", topic)
        .query(String.class)
        .single();
  }

  /** Ticks {@code topic} in the settings and confirms through the e-mailed link. */
  static void subscribe(SupportPeople.Person p, String topic) throws Exception {
    int before = SupportPeople.mailsAbout(p.email(), "subscription").size();
    p.open("/account/marketing");
    p.page().check("[data-topic='" + topic + "'] input");
    p.page().click("form[data-marketing] button[type=submit]");
    assertThat(p.page().locator("[data-notice=confirm]").textContent()).contains("we sent you");
    SupportPeople.Mail confirm = SupportPeople.awaitMail(p.email(), "subscription", before + 1);
    p.page().navigate(SupportPeople.localLink(confirm.body(), p.base()));
    p.page().click("form[data-token-form] button[type=submit]");
    assertThat(p.page().locator("[data-confirmed]").textContent()).contains("You’re subscribed");
  }

  /** Sends a campaign from the console's Marketing page. */
  void campaign(Page console, String topic, String subject) {
    console.navigate("http://localhost:" + port + "/console/marketing");
    console.selectOption("#topic", topic);
    console.fill("#subject", subject);
    console.fill("#text", "Hello! Here is what is new.");
    console.click("button[data-action=send-campaign]");
    assertThat(console.locator("p.notice").textContent()).contains("queued");
  }

  @Test
  @DisplayName(
      "B-28 B-05 double opt-in, RFC 8058 headers, a one-click POST unsubscribes without a session,"
          + " a GET and forged tokens change nothing, the mailto unsubscribes, an objection stops"
          + " the e-mail")
  void doubleOptInAndOneClickUnsubscribe() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    try (var mia = SupportPeople.verified(browser, port, "Mia Mail", "GB", 30, "en");
        var oz = SupportPeople.verified(browser, port, "Oz Objector", "GB", 30, "en")) {
      String miaId = SupportPeople.accountOf(jdbc, mia.email());
      String ozId = SupportPeople.accountOf(jdbc, oz.email());

      mia.open("/account/marketing");
      mia.page().check("[data-topic='tips'] input");
      mia.page().click("form[data-marketing] button[type=submit]");
      assertThat(status(miaId, "tips")).as("ticked, not yet confirmed").isEqualTo("pending/-");
      Page console = SupportPeople.operator(browser, jdbc, port);
      campaign(console, "tips", "Before confirming " + tag);
      SupportPeople.Mail confirm = SupportPeople.awaitMail(mia.email(), "subscription");
      assertThat(SupportPeople.mailTo(mia.email()))
          .as("no marketing before the confirmation")
          .noneMatch(m -> m.subject().contains(tag));

      String link = SupportPeople.localLink(confirm.body(), mia.base());
      mia.page().navigate(link);
      assertThat(status(miaId, "tips"))
          .as("opening the link confirms nothing")
          .isEqualTo("pending/-");
      mia.page().click("form[data-token-form] button[type=submit]");
      assertThat(mia.page().locator("[data-confirmed]").textContent())
          .contains("Tips and tutorials");
      assertThat(status(miaId, "tips")).isEqualTo("subscribed/-");
      mia.page().navigate("about:blank");
      mia.page().navigate(link);
      mia.page().click("form[data-token-form] button[type=submit]");
      assertThat(mia.h1()).as("the link works once").isNotEqualTo("You’re subscribed");

      // Oz subscribes too, then objects to marketing on the dashboard.
      subscribe(oz, "tips");
      oz.open("/account/privacy");
      oz.page().click("[data-purpose='marketing'] button[type=submit]");
      assertThat(campaigns.refuse("marketing:tips", ozId))
          .as("the outbox's gate refuses right before sending")
          .isPresent();
      assertThat(campaigns.refuse("marketing:tips", miaId)).isEmpty();

      campaign(console, "tips", "Five tips " + tag);
      SupportPeople.Mail tips = SupportPeople.awaitMail(mia.email(), "Five tips " + tag);
      assertThat(tips.header("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
      Matcher header = LIST_UNSUBSCRIBE.matcher(tips.header("List-Unsubscribe"));
      assertThat(header.matches()).as(tips.header("List-Unsubscribe")).isTrue();
      assertThat(header.group(2)).isEqualTo(header.group(1));
      String token = header.group(1);
      assertThat(tips.body()).contains("https://studio.example.com/unsubscribe/" + token);
      Thread.sleep(1_000);
      assertThat(SupportPeople.mailTo(oz.email()))
          .as("B-28 the objector gets nothing")
          .noneMatch(m -> m.subject().contains(tag));
      assertThat(
              jdbc.sql("select skipped_objection from marketing_campaign where subject = :s")
                  .param("s", "Five tips " + tag)
                  .query(Integer.class)
                  .single())
          .isGreaterThanOrEqualTo(1);

      // GET shows a button and changes nothing; forged tokens change nothing.
      LocalHttp.Response page = LocalHttp.get(port, "studio.example.com", "/unsubscribe/" + token);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("Stop receiving “Tips and tutorials” e-mails?");
      assertThat(status(miaId, "tips")).isEqualTo("subscribed/-");
      String forged = "f".repeat(64);
      LocalHttp.Response refused =
          LocalHttp.send(
              port,
              "studio.example.com",
              "POST",
              "/unsubscribe/" + forged,
              Map.of("Content-Type", "application/x-www-form-urlencoded"),
              "List-Unsubscribe=One-Click");
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.body()).contains("This link is not valid");
      assertThat(
              LocalHttp.send(
                      port,
                      "studio.example.com",
                      "POST",
                      "/unsubscribe/not-a-token",
                      Map.of("Content-Type", "application/x-www-form-urlencoded"),
                      "List-Unsubscribe=One-Click")
                  .status())
          .isEqualTo(404);
      assertThat(status(miaId, "tips")).as("nothing changed").isEqualTo("subscribed/-");

      // The mail client's one-click POST: no cookie, no CSRF token.
      LocalHttp.Response oneClick =
          LocalHttp.send(
              port,
              "studio.example.com",
              "POST",
              "/unsubscribe/" + token,
              Map.of("Content-Type", "application/x-www-form-urlencoded"),
              "List-Unsubscribe=One-Click");
      assertThat(oneClick.status()).isEqualTo(200);
      assertThat(oneClick.headers("set-cookie")).as("no session made").isEmpty();
      assertThat(oneClick.body()).contains("You’re unsubscribed");
      assertThat(status(miaId, "tips")).isEqualTo("unsubscribed/one-click");
      campaign(console, "tips", "After unsubscribing " + tag);
      Thread.sleep(1_000);
      assertThat(SupportPeople.mailTo(mia.email()))
          .noneMatch(m -> m.subject().contains("After unsubscribing " + tag));

      // The mailto: of the header, answered by the support mailbox.
      subscribe(mia, "offers");
      campaign(console, "offers", "Offer " + tag);
      SupportPeople.Mail offer = SupportPeople.awaitMail(mia.email(), "Offer " + tag);
      Matcher mailto = LIST_UNSUBSCRIBE.matcher(offer.header("List-Unsubscribe"));
      assertThat(mailto.matches()).isTrue();
      GreenMailUtil.sendTextEmail(
          TestMailServer.SUPPORT_MAILBOX,
          mia.email(),
          "unsubscribe-" + mailto.group(2),
          "",
          TestMailServer.greenMail().getSmtp().getServerSetup());
      assertThat(intake.poll()).isEqualTo(1);
      assertThat(status(miaId, "offers")).isEqualTo("unsubscribed/mail");
      console.context().close();
    }
  }

  @Test
  @DisplayName("B-28 B-33 a minor can never subscribe: refused, nothing stored, no e-mail")
  void minorsCannotSubscribe() throws Exception {
    try (var max = SupportPeople.verified(browser, port, "Max Minor", "US", 16, "en")) {
      String account = SupportPeople.accountOf(jdbc, max.email());
      max.open("/account/marketing");
      assertThat(max.page().locator("[data-notice=minor]").textContent()).contains("under 18");
      assertThat(max.page().locator("[data-topic='tips'] input").isDisabled()).isTrue();
      APIResponse forced =
          max.context()
              .request()
              .post(
                  max.studio() + "/account/marketing",
                  RequestOptions.create()
                      .setForm(
                          FormData.create()
                              .set("_csrf", max.csrf())
                              .append("topic", "tips")
                              .append("topic", "offers")));
      assertThat(forced.status()).isEqualTo(403);
      assertThat(forced.text()).contains("off for people under 18");
      assertThat(
              jdbc.sql("select count(*) from marketing_subscription where account_id = :a")
                  .param("a", account)
                  .query(Long.class)
                  .single())
          .isZero();
      Thread.sleep(500);
      assertThat(SupportPeople.mailTo(max.email()))
          .noneMatch(m -> m.subject().contains("subscription"));
    }
  }
}
