package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import java.util.List;
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
 * Support as people use it, in Chromium: a ticket opened in the studio, answered from the console,
 * announced by e-mail (a link, not the answer), replied to by e-mail from the owner's address — and
 * not from any other; a privacy request in a ticket turned into a rights request with one click;
 * bad input answered clearly with nothing stored; the pages in Chinese and on a phone.
 */
@WithRunningServer
class SupportTicketBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired SupportMailIntake intake;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  static String ticketIn(String url) {
    Matcher m = Pattern.compile("/support/(T-[0-9A-Z]{4}-[0-9A-Z]{4})").matcher(url);
    assertThat(m.find()).as("a ticket page: %s", url).isTrue();
    return m.group(1);
  }

  List<String> thread(String ticket) {
    return jdbc.sql(
            "select author || '/' || via || ': ' || body from support_message where ticket_id = :t"
                + " order by created_at, id")
        .param("t", ticket)
        .query(String.class)
        .list();
  }

  static void sendMail(String from, String subject, String body) {
    GreenMailUtil.sendTextEmail(
        TestMailServer.SUPPORT_MAILBOX,
        from,
        subject,
        body,
        TestMailServer.greenMail().getSmtp().getServerSetup());
  }

  /** Messages still in the support mailbox that carry {@code words} in their subject. */
  static long inSupportMailbox(String words) throws Exception {
    long n = 0;
    for (var m : TestMailServer.greenMail().getReceivedMessages()) {
      if (m.getSubject() != null
          && m.getSubject().contains(words)
          && m.getAllRecipients()[0].toString().equals(TestMailServer.SUPPORT_MAILBOX)) {
        n++;
      }
    }
    return n;
  }

  @Test
  @DisplayName(
      "B-05 B-07 a ticket opened in the studio is answered from the console; the e-mail says a"
          + " reply is waiting and links to it, without the answer; the owner's e-mailed reply joins"
          + " the thread, a reply from another address does not")
  void ticketAnsweredInTheConsoleAndRepliedToByEmail() throws Exception {
    try (var tess = SupportPeople.verified(browser, port, "Tess Ticket", "GB", 30, "en")) {
      tess.open("/support");
      assertThat(tess.h1()).isEqualTo("Support");
      assertThat(tess.page().locator(".support-kept").textContent())
          .as("B-21 the retention, from the policy")
          .isEqualTo("Kept 5 years after the last message.");
      assertThat(tess.page().locator("#new .fine").last().textContent())
          .as("the support processor, from the policy")
          .contains("Example Support Desk Inc.")
          .contains("the United States");
      tess.page().fill("#subject", "Blurry poster export");
      tess.page().selectOption("#category", "editing");
      tess.page().fill("#message", "My poster export looks blurry.\nWhat can I do?");
      tess.page().click("form[data-new-ticket] button[type=submit]");
      assertThat(tess.page().url()).endsWith("?opened");
      String ticket = ticketIn(tess.page().url());
      assertThat(tess.page().locator(".msg-person .msg-body").textContent())
          .isEqualTo("My poster export looks blurry.\nWhat can I do?");
      assertThat(tess.page().locator("[data-status]").getAttribute("data-status"))
          .isEqualTo("open");

      Page console = SupportPeople.operator(browser, jdbc, port);
      console.navigate(tess.base() + "/console/support");
      assertThat(console.locator("tr[data-ticket='" + ticket + "']").textContent())
          .contains("Blurry poster export")
          .contains("open");
      console.click("tr[data-ticket='" + ticket + "'] a");
      assertThat(console.locator("[data-thread]").textContent()).contains("looks blurry");
      console.fill("#message", "Choose Export, then Print (300 dpi): it renders the text again.");
      console.click("button[data-action=reply]");
      assertThat(console.locator("p.notice").textContent()).contains("Reply sent");
      assertThat(console.locator("[data-field=status]").textContent()).isEqualTo("answered");

      SupportPeople.Mail mail = SupportPeople.awaitMail(tess.email(), ticket);
      assertThat(mail.body())
          .as("a link to the ticket, and how to answer by e-mail")
          .contains("https://studio.example.com/support/" + ticket)
          .contains(SupportMail.REPLY_ABOVE)
          .as("no content of the conversation in the e-mail")
          .doesNotContain("300 dpi")
          .doesNotContain("blurry");
      Matcher key = SupportMailIntake.REPLY_KEY.matcher(mail.subject());
      assertThat(key.find()).as("the reply key in the subject: %s", mail.subject()).isTrue();
      assertThat(mail.subject()).doesNotContain("Blurry poster export");

      tess.page()
          .navigate(
              SupportPeople.local(
                  mail.body()
                      .lines()
                      .filter(l -> l.contains("/support/" + ticket))
                      .findFirst()
                      .orElseThrow()
                      .strip(),
                  tess.base()));
      assertThat(tess.page().locator("[data-status]").getAttribute("data-status"))
          .isEqualTo("answered");
      assertThat(tess.page().locator(".msg-support .msg-body").textContent())
          .contains("Print (300 dpi)");

      // The owner answers by e-mail, quoting the announcement; someone else tries the same key.
      sendMail(
          tess.email(),
          "Re: " + mail.subject(),
          "Thanks, that worked!\n\nOn Tue, 3 Jun 2025, Image Studio wrote:\n> "
              + SupportMail.REPLY_ABOVE
              + "\n> our support team answered");
      sendMail(
          "mallory-" + System.nanoTime() + "@example.net",
          "Re: " + mail.subject(),
          "Please change the account's e-mail address to mine.");
      assertThat(intake.poll()).as("both messages read, once").isEqualTo(2);
      assertThat(intake.poll()).as("nothing read twice").isZero();

      assertThat(thread(ticket))
          .containsExactly(
              "person/studio: My poster export looks blurry.\nWhat can I do?",
              "support/console: Choose Export, then Print (300 dpi): it renders the text again.",
              "person/email: Thanks, that worked!");
      assertThat(inSupportMailbox(key.group(1)))
          .as("the attached reply left the mailbox; the refused one stays for a person")
          .isEqualTo(1);

      tess.page().reload();
      assertThat(tess.page().locator(".msg-person").last().getAttribute("data-via"))
          .isEqualTo("email");
      assertThat(tess.page().locator(".msg-person .msg-body").last().textContent())
          .isEqualTo("Thanks, that worked!");
      assertThat(tess.page().locator("[data-status]").getAttribute("data-status"))
          .as("the person wrote last: support's turn again")
          .isEqualTo("open");

      // Closing and reopening from the studio.
      tess.page().click("form[action$='/close'] button[type=submit]");
      assertThat(tess.page().locator("[data-status]").getAttribute("data-status"))
          .isEqualTo("closed");
      tess.page().click("form[action$='/reopen'] button[type=submit]");
      assertThat(tess.page().locator("[data-status]").getAttribute("data-status"))
          .isEqualTo("open");
      console.context().close();
    }
  }

  @Test
  @DisplayName(
      "B-29 a privacy request in a ticket becomes a verified rights request of the support"
          + " channel with one click; the ticket and the data dashboard show it")
  void privacyRequestInATicketBecomesARightsRequest() throws Exception {
    try (var rita = SupportPeople.verified(browser, port, "Rita Rights", "DE", 41, "en")) {
      String account = SupportPeople.accountOf(jdbc, rita.email());
      rita.open("/support");
      rita.page().click("[data-privacy-hint] a");
      assertThat(rita.page().url())
          .as("the user-side way: the dashboard")
          .endsWith("/account/privacy");

      rita.open("/support");
      rita.page().fill("#subject", "Delete everything");
      rita.page().selectOption("#category", "privacy");
      rita.page().fill("#message", "Please erase all my data.");
      rita.page().click("form[data-new-ticket] button[type=submit]");
      String ticket = ticketIn(rita.page().url());

      Page console = SupportPeople.operator(browser, jdbc, port);
      console.navigate(rita.base() + "/console/support/" + ticket);
      console.selectOption("#kind", "erasure");
      console.click("button[data-action=rights-request]");
      assertThat(console.locator("p.notice").textContent()).contains("opened (verified");
      String reference =
          console.locator("[data-section=rights] li").first().getAttribute("data-request");

      var request =
          jdbc.sql(
                  """
                  select kind, channel, channel_id, status, subject_id, requester_address
                  from rights_request where reference = :r
                  """)
              .param("r", reference)
              .query(
                  (rs, i) ->
                      List.of(
                          rs.getString("kind"),
                          rs.getString("channel"),
                          rs.getString("channel_id"),
                          rs.getString("status"),
                          rs.getString("subject_id"),
                          String.valueOf(rs.getString("requester_address"))))
              .single();
      assertThat(request)
          .containsExactly("erasure", "support", "support", "verified", account, "null");

      rita.page().reload();
      assertThat(rita.page().locator("[data-request='" + reference + "']").textContent())
          .contains(reference)
          .contains("Erasure")
          .contains("Confirmed");
      rita.open("/account/privacy");
      assertThat(rita.page().locator("table.requests").textContent()).contains(reference);

      console.navigate(rita.base() + "/console/requests/" + reference);
      assertThat(console.locator("h1").textContent()).contains(reference);
      console.context().close();
    }
  }

  @Test
  @DisplayName(
      "B-05 bad input: empty fields, an oversized subject or message, an unknown category, a"
          + " bad rating — each a clear answer in the person's language, and nothing stored")
  void badInputIsRefusedClearly() throws Exception {
    try (var bea = SupportPeople.verified(browser, port, "Bea Bad", "GB", 28, "en")) {
      String account = SupportPeople.accountOf(jdbc, bea.email());
      bea.open("/support");
      bea.page().click("form[data-new-ticket] button[type=submit]");
      assertThat(bea.page().locator("#subject-error").textContent())
          .isEqualTo("Give your question a subject.");
      assertThat(bea.page().locator("#message-error").textContent())
          .isEqualTo("Write your message.");

      String csrf = bea.csrf();
      APIResponse tooLong =
          bea.context()
              .request()
              .post(
                  bea.studio() + "/support",
                  RequestOptions.create()
                      .setForm(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set("subject", "s".repeat(201))
                              .set("category", "nonsense")
                              .set("message", "m".repeat(10_001))));
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.text())
          .contains("The subject can be at most 200 characters; it has 201.")
          .contains("The message can be at most 10000 characters; it has 10001.")
          .contains("Choose what your question is about.")
          .doesNotContain("Exception");

      APIResponse badRating =
          bea.context()
              .request()
              .post(
                  bea.studio() + "/feedback",
                  RequestOptions.create()
                      .setHeader("Accept", "application/json")
                      .setForm(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set("kind", "edit")
                              .set("subject", "edit:1")
                              .set("rating", "9")));
      assertThat(badRating.status()).isEqualTo(400);
      assertThat(badRating.text())
          .contains("\"field\":\"rating\"")
          .contains("Choose a rating from 1 to 5 stars.");

      bea.page().click("form[data-feedback] button[type=submit]");
      assertThat(bea.page().locator("#rating-error").textContent())
          .isEqualTo("Choose a rating from 1 to 5 stars.");

      assertThat(
              jdbc.sql(
                      "select (select count(*) from support_ticket where account_id = :a)"
                          + " + (select count(*) from support_feedback where account_id = :a)")
                  .param("a", account)
                  .query(Long.class)
                  .single())
          .as("nothing stored")
          .isZero();
    }
  }

  @Test
  @DisplayName(
      "B-05 the support pages in 简体中文 and on a phone: every word translated, nothing wider than"
          + " the screen, no script or CSP error")
  void chineseAndPhone() throws Exception {
    try (var li = SupportPeople.verified(browser, port, "Li Lei", "SG", 35, "zh-CN")) {
      li.open("/support");
      assertThat(li.h1()).isEqualTo("客服支持");
      li.page().fill("#subject", "导出问题");
      li.page().fill("#message", "导出的图片很模糊。");
      li.page().click("form[data-new-ticket] button[type=submit]");
      assertThat(li.page().locator(".notice-ok").textContent()).contains("已发送");
      li.open("/account/marketing");
      assertThat(li.h1()).isEqualTo("我们的邮件");
    }
    BrowserContext phone =
        browser.newContext(
            new Browser.NewContextOptions()
                .setUserAgent(BrowserSession.DESKTOP_CHROME)
                .setViewportSize(390, 844)
                .setIsMobile(true));
    List<String> problems = new java.util.ArrayList<>();
    try (var pia = SupportPeople.verified(browser, port, "Pia Phone", "GB", 30, "en")) {
      // the same account, on a phone-sized screen: sign in there
      Page page = phone.newPage();
      page.onConsoleMessage(
          m -> {
            if ("error".equals(m.type()) || m.text().contains("Content Security Policy")) {
              problems.add(m.text());
            }
          });
      page.navigate(pia.studio() + "/sign-in");
      page.fill("#login", pia.email());
      page.fill("#password", pia.password());
      page.click("form[action$='/sign-in'] button[type=submit]");
      for (String path : List.of("/support", "/account/marketing")) {
        page.navigate(pia.studio() + path);
        Object overflow =
            page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertThat(((Number) overflow).intValue())
            .as("%s fits a phone", path)
            .isLessThanOrEqualTo(0);
      }
      page.navigate(pia.studio() + "/support");
      BrowserSession.screenshot(page, "studio-support-phone");
    } finally {
      phone.close();
    }
    assertThat(problems).isEmpty();
  }
}
