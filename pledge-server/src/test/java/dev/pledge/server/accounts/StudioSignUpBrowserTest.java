package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.options.Cookie;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The studio's front door in Chromium, in English and in Chinese: sign-up at each age of the
 * policy's children section, the verification link from the mailbox, a parent's consent, two-step
 * verification with a code computed here, sign-in with it, and the step-up before an export.
 */
@WithRunningServer
class StudioSignUpBrowserTest {

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

  static String tag() {
    return Long.toString(System.nanoTime(), 36);
  }

  long accountsWithEmail(String email) {
    return jdbc.sql("select count(*) from studio_account where lower(email) = lower(:e)")
        .param("e", email)
        .query(Long.class)
        .single();
  }

  long refusalsToday() {
    return jdbc.sql("select coalesce(sum(refusals), 0) from studio_age_refusal where day = :d")
        .param("d", java.sql.Date.valueOf(LocalDate.now(TestClock.get().withZone(ZoneOffset.UTC))))
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName(
      "B-01 B-12 B-33 an adult signs up, verifies the address by the e-mailed link, enrols TOTP,"
          + " signs in again with a code and needs a fresh code to export (English)")
  void adultSignsUpVerifiesEnrolsAndSteppsUp() throws Exception {
    String tag = tag();
    String email = "ada-" + tag + "@example.net";
    String password = "correct horse battery " + tag;
    try (StudioBrowser b = new StudioBrowser(browser, port, "en-GB")) {
      b.open("/");
      b.screenshot("studio-landing-en");
      b.fillSignUp(
          "Ada Lovelace", "ada" + tag, email, password, "FR", StudioBrowser.bornYearsAgo(30));
      b.screenshot("studio-sign-up-en");
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Check your inbox");

      var mail = MailAndCodes.await(email, 1);
      assertThat(mail.subject()).contains("Confirm your e-mail address");
      String link = MailAndCodes.localLink(mail.body(), b.base);
      b.page.navigate(link);
      assertThat(b.page.url()).as("the token leaves the address bar").doesNotContain("#t=");
      b.page.click("form[data-token-form] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Welcome, Ada Lovelace");
      assertThat(
              jdbc.sql(
                      "select law_id || ' ' || region from studio_account where lower(email) = lower(:e)")
                  .param("e", email)
                  .query(String.class)
                  .single())
          .as("France: GDPR, stored in the EU")
          .isEqualTo("gdpr eu");

      b.page.navigate(link);
      b.page.click("form[data-token-form] button[type=submit]");
      assertThat(b.h1()).as("a used link").isEqualTo("This link doesn’t work any more");

      b.open("/account/security/totp");
      String key = b.page.locator("[data-totp-key]").textContent().strip();
      b.screenshot("studio-totp-enrol-en");
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/account/security/totp'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Your recovery codes");
      assertThat(b.page.locator("[data-recovery-codes] li").count()).isEqualTo(10);
      String recovery = b.page.locator("[data-recovery-codes] li").first().textContent().strip();

      b.signOut();
      TestClock.advance(Duration.ofSeconds(30)); // the next code: each code works once
      b.signIn(email, password);
      assertThat(b.h1()).isEqualTo("Two-step verification");
      b.page.fill("#code", "000000");
      b.page.click("form[action$='/sign-in/code'] button[type=submit]");
      assertThat(b.page.locator(".notice-error").first().textContent()).contains("not right");
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/sign-in/code'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Hello, Ada Lovelace");
      b.screenshot("studio-home-en");

      // B-12: the sign-in's code is fresh for ten minutes; after that, exporting asks again.
      TestClock.advance(Duration.ofMinutes(11));
      b.open("/account/privacy");
      b.screenshot("studio-your-data-en");
      b.page.click("form[action$='/account/privacy/export'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Confirm it’s you");
      b.page.fill("#code", recovery);
      b.page.click("form[action$='/account/confirm'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Your data");
      b.page.click("form[action$='/account/privacy/export'] button[type=submit]");
      assertThat(b.page.locator("[data-export-link]").isVisible()).isTrue();
      assertThat(b.page.locator("table.requests td").first().textContent()).startsWith("R-");
      b.screenshot("studio-export-ready-en");

      for (Cookie c : b.context.cookies()) {
        assertThat(c.name)
            .as("A-11 only the policy's essential cookies")
            .isIn("JSESSIONID", "XSRF-TOKEN");
        assertThat(c.path).startsWith("/p/image-studio");
        assertThat(c.httpOnly).isTrue();
      }
      b.assertClean();
    }
  }

  @Test
  @DisplayName(
      "B-01 B-12 B-33 中文：12 岁被拒绝且只记录当天的次数；30 岁注册、验证邮箱、开启两步验证、" + "用验证码登录、导出前重新验证 (Chinese)")
  void chineseWalkAtThirtyAndTwelve() throws Exception {
    String tag = tag();
    String email = "li-" + tag + "@example.cn";
    try (StudioBrowser b = new StudioBrowser(browser, port, "zh-CN")) {
      b.open("/");
      assertThat(b.page.locator("html").getAttribute("lang")).isEqualTo("zh-CN");
      assertThat(b.h1()).isEqualTo("说出你想要的改动，立刻看到结果。");
      b.screenshot("studio-landing-zh");

      long before = refusalsToday();
      String child = "kid-" + tag + "@example.cn";
      b.fillSignUp(
          "小明", "kid" + tag, child, "purple elephant " + tag, "CN", StudioBrowser.bornYearsAgo(12));
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("抱歉，你的年龄还不能使用工作室");
      assertThat(refusalsToday()).as("B-33 only the day's count is kept").isEqualTo(before + 1);
      assertThat(accountsWithEmail(child)).isZero();
      assertThat(
              jdbc.sql("select count(*) from studio_mail where recipient = :e")
                  .param("e", child)
                  .query(Long.class)
                  .single())
          .isZero();

      b.fillSignUp(
          "李华",
          "lihua" + tag,
          email,
          "purple elephant " + tag,
          "CN",
          StudioBrowser.bornYearsAgo(30));
      b.screenshot("studio-sign-up-zh");
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("请查看你的收件箱");
      var mail = MailAndCodes.await(email, 1);
      assertThat(mail.subject()).isEqualTo("确认你在 Image Studio 的电子邮箱");
      b.page.navigate(MailAndCodes.localLink(mail.body(), b.base));
      b.page.click("form[data-token-form] button[type=submit]");
      assertThat(b.h1()).isEqualTo("欢迎你，李华");
      b.screenshot("studio-welcome-zh");

      b.page.click("a[href$='/account/security/totp']");
      assertThat(b.h1()).isEqualTo("开启两步验证");
      String key = b.page.locator("[data-totp-key]").textContent().strip();
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/account/security/totp'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("你的恢复码");
      b.signOut();
      TestClock.advance(Duration.ofSeconds(30));
      b.signIn(email, "purple elephant " + tag);
      assertThat(b.h1()).isEqualTo("两步验证");
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/sign-in/code'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("你好，李华");
      TestClock.advance(Duration.ofMinutes(11));
      b.open("/account/privacy");
      b.page.click("form[action$='/account/privacy/export'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("确认是你本人");
      TestClock.advance(Duration.ofSeconds(30));
      b.page.fill("#code", MailAndCodes.totp(key, TestClock.get().instant()));
      b.page.click("form[action$='/account/confirm'] button[type=submit]");
      b.page.click("form[action$='/account/privacy/export'] button[type=submit]");
      assertThat(b.page.locator("[data-export-link]").textContent()).isEqualTo("下载 ZIP 文件");
      b.screenshot("studio-your-data-zh");
      b.open("/");
      assertThat(
              jdbc.sql(
                      "select language from studio_preference p join studio_account a using (account_id) where lower(a.email) = lower(:e)")
                  .param("e", email)
                  .query(String.class)
                  .single())
          .as("the language the person signed up in is their preference")
          .isEqualTo("zh-CN");

      // The language switch: English for this person now, kept as their preference, no cookie.
      b.page.click("nav.language a[lang=en]");
      b.page.waitForURL("**/p/image-studio/");
      assertThat(b.h1()).isEqualTo("Hello, 李华");
      assertThat(
              jdbc.sql(
                      "select language from studio_preference p join studio_account a"
                          + " using (account_id) where lower(a.email) = lower(:e)")
                  .param("e", email)
                  .query(String.class)
                  .single())
          .isEqualTo("en");
      assertThat(b.context.cookies())
          .extracting(c -> c.name)
          .containsOnly("JSESSIONID", "XSRF-TOKEN");
      b.assertClean();
    }
  }

  @Test
  @DisplayName(
      "B-33 B-34 a 14-year-old in Germany (GDPR: consent under 16) is locked until the parent"
          + " agrees through the e-mailed link; then the child signs in")
  void teenInGermanyWaitsForParent() throws Exception {
    String tag = tag();
    String email = "max-" + tag + "@example.de";
    String parent = "parent-" + tag + "@example.de";
    String password = "blue giraffe " + tag;
    try (StudioBrowser b = new StudioBrowser(browser, port, "en")) {
      b.fillSignUp("Max", "max" + tag, email, password, "DE", StudioBrowser.bornYearsAgo(14));
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.page.locator("#parentEmail-error").textContent())
          .as("a parent's address is needed, and the form says why")
          .contains("under 16");
      assertThat(accountsWithEmail(email)).isZero();
      b.page.fill("#password", password);
      b.page.fill("#parentEmail", parent);
      b.page.click("form[action$='/sign-up'] button[type=submit]");
      assertThat(b.h1()).isEqualTo("Ask your parent to check their e-mail");

      b.signIn(email, password);
      assertThat(b.page.locator(".notice-info").textContent()).contains("parent");

      var toParent = MailAndCodes.await(parent, "asks to use");
      try (StudioBrowser p = new StudioBrowser(browser, port, "en")) {
        p.page.navigate(MailAndCodes.localLink(toParent.body(), p.base));
        p.page.click("form[data-token-form] button[type=submit]");
        assertThat(p.h1()).isEqualTo("Your child’s account");
        assertThat(p.page.locator("[data-child-status]").textContent())
            .isEqualTo("Locked until you agree");
        p.screenshot("studio-parent-en");
        p.page.click("form[action$='/parent/consent'] button[type=submit]");
        assertThat(p.page.locator("[data-child-status]").textContent()).isEqualTo("In use");
        assertThat(p.context.cookies())
            .extracting(c -> c.name)
            .containsOnly("JSESSIONID", "XSRF-TOKEN");
        p.assertClean();
      }
      b.signIn(email, password);
      assertThat(b.h1()).isEqualTo("Check your inbox");
      b.assertClean();
    }
  }
}
