package dev.pledge.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.policy.PolicyCatalog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The studio's cookie banner in headless Chromium, as a person sees it: choices enforced and
 * recorded with receipts, both languages, Global Privacy Control, the footer's settings, a new ask
 * after a consent-relevant policy change; and the reference site, which shows no banner and sets
 * nothing. The browser plays a person: vanilla-cookieconsent hides itself from automated browsers
 * ({@code navigator.webdriver}), so each context says it is not one.
 */
@WithRunningServer
class ConsentBannerBrowserTest {

  /** A person's browser, not an automated one: the banner library hides from bots. */
  static final String PERSON =
      "Object.defineProperty(Navigator.prototype, 'webdriver', {get: () => false});";

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PolicyCatalog catalog;

  @BeforeAll
  static void start() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  String base() {
    return "http://localhost:" + port;
  }

  BrowserContext person(String language, boolean gpc) {
    Browser.NewContextOptions options =
        new Browser.NewContextOptions()
            .setUserAgent(BrowserSession.DESKTOP_CHROME)
            .setLocale(language)
            .setExtraHTTPHeaders(
                gpc
                    ? Map.of("Accept-Language", language, "Sec-GPC", "1")
                    : Map.of("Accept-Language", language));
    BrowserContext context = browser.newContext(options);
    context.addInitScript(PERSON);
    if (gpc) {
      context.addInitScript(
          "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', {get: () => true});");
    }
    return context;
  }

  /** Script errors and CSP violations of a page, collected for the test to check. */
  static List<String> watch(Page page) {
    List<String> problems = new ArrayList<>();
    page.onConsoleMessage(
        m -> {
          if ("error".equals(m.type()) || m.text().contains("Content Security Policy")) {
            problems.add(m.text());
          }
        });
    page.onPageError(e -> problems.add("page error: " + e));
    return problems;
  }

  static List<String> cookieNames(BrowserContext context) {
    return context.cookies().stream().map(c -> c.name).toList();
  }

  CookieInventory inventory() {
    return CookieInventory.of(catalog.byId("image-studio").orElseThrow().policy());
  }

  /** The declared, strictly necessary cookies: the only ones allowed before a choice. */
  void onlyEssentialCookies(BrowserContext context) {
    CookieInventory inventory = inventory();
    for (Cookie c : context.cookies()) {
      var declared = inventory.cookie(c.name);
      assertThat(declared).as("cookie %s is declared in the policy", c.name).isPresent();
      assertThat(inventory.needsConsent(declared.get().category()))
          .as("cookie %s needs no consent", c.name)
          .isFalse();
    }
  }

  Map<String, Object> receipt(Page page) {
    page.waitForFunction("() => document.documentElement.dataset.consentReceipt");
    String id = (String) page.evaluate("() => document.documentElement.dataset.consentReceipt");
    return jdbc.sql("select * from consent_receipt where receipt_id = :id")
        .param("id", id)
        .query()
        .singleRow();
  }

  static List<String> array(Object sqlArray) throws Exception {
    return List.of((String[]) ((java.sql.Array) sqlArray).getArray());
  }

  String consentId(BrowserContext context) throws Exception {
    Cookie cc =
        context.cookies().stream()
            .filter(c -> c.name.equals("cc_cookie"))
            .findFirst()
            .orElseThrow();
    return ConsentCookie.parse(cc.value).orElseThrow().consentId();
  }

  @Test
  @DisplayName(
      "B-30 the banner asks before any non-essential cookie; accepting and changing in the footer"
          + " settings each leave a receipt")
  void acceptThenChange() throws Exception {
    try (BrowserContext context = person("en-GB", false)) {
      Page page = context.newPage();
      List<String> problems = watch(page);
      page.navigate(base() + "/p/image-studio/");
      page.waitForSelector("#cc-main .cm", new Page.WaitForSelectorOptions());
      assertThat(page.locator("#cc-main .cm__title").textContent())
          .contains("Cookies, only with your say");
      assertThat(cookieNames(context)).doesNotContain("cc_cookie");
      onlyEssentialCookies(context);
      BrowserSession.screenshot(page, "consent-banner");

      page.click("#cc-main .cm [data-role=all]");
      Map<String, Object> first = receipt(page);
      assertThat(first.get("source")).isEqualTo("banner");
      assertThat(array(first.get("granted")))
          .containsExactly("essential", "performance", "preference", "security", "marketing");
      assertThat(first.get("device_ref")).isEqualTo(consentId(context));

      // The footer's "Cookie settings" opens the preferences: marketing off, saved.
      page.evaluate("() => { delete document.documentElement.dataset.consentReceipt; }");
      page.click("footer [data-cookie-settings]");
      page.waitForSelector("#cc-main .pm");
      assertThat(page.locator("#cc-main .pm").textContent())
          .contains("JSESSIONID")
          .contains("cc_cookie")
          .contains("Remembers your cookie choices");
      BrowserSession.screenshot(page, "consent-preferences");
      page.locator("#cc-main .pm input[value=marketing]")
          .uncheck(new com.microsoft.playwright.Locator.UncheckOptions().setForce(true));
      page.click("#cc-main .pm [data-role=save]");
      Map<String, Object> second = receipt(page);
      assertThat(second.get("source")).isEqualTo("settings");
      assertThat(array(second.get("refused"))).containsExactly("marketing");
      assertThat(second.get("device_ref")).isEqualTo(first.get("device_ref"));

      // Another page: the choice holds, no banner.
      page.navigate(base() + "/p/image-studio/sign-in");
      page.waitForFunction("() => document.documentElement.dataset.consentReady");
      assertThat(page.locator("#cc-main .cm").isVisible()).isFalse();
      assertThat(problems).isEmpty();
    }
  }

  @Test
  @DisplayName("B-30 the banner in 简体中文; refusing keeps only the strictly necessary category")
  void chineseAndRefuse() throws Exception {
    try (BrowserContext context = person("zh-CN", false)) {
      Page page = context.newPage();
      List<String> problems = watch(page);
      page.navigate(base() + "/p/image-studio/");
      page.waitForSelector("#cc-main .cm");
      assertThat(page.locator("#cc-main .cm__title").textContent()).contains("Cookie，由你决定");
      assertThat(page.locator("#cc-main .cm [data-role=necessary]").textContent()).contains("仅必要");
      page.click("#cc-main .cm [data-role=necessary]");
      Map<String, Object> r = receipt(page);
      assertThat(array(r.get("granted"))).containsExactly("essential");
      assertThat(array(r.get("refused")))
          .containsExactly("performance", "preference", "security", "marketing");
      onlyEssentialCookies(context);
      assertThat(problems).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "B-24 with Global Privacy Control the banner never offers marketing, and the receipt says GPC")
  void globalPrivacyControl() throws Exception {
    try (BrowserContext context = person("en-GB", true)) {
      Page page = context.newPage();
      page.navigate(base() + "/p/image-studio/");
      page.waitForSelector("#cc-main .cm");
      assertThat(page.locator("#cc-main .cm").textContent()).contains("Global Privacy Control");
      page.click("#cc-main .cm [data-role=show]");
      page.waitForSelector("#cc-main .pm");
      assertThat(page.locator("#cc-main .pm input[value=performance]").count()).isEqualTo(1);
      assertThat(page.locator("#cc-main .pm input[value=marketing]").count()).isZero();
      page.click("#cc-main .pm [data-role=all]");
      Map<String, Object> r = receipt(page);
      assertThat(r.get("gpc")).isEqualTo(true);
      assertThat(array(r.get("refused"))).containsExactly("marketing");
    }
  }

  @Test
  @DisplayName("B-30 a choice made under an older consent revision is asked again")
  void askedAgainAfterPolicyChange() throws Exception {
    int revision = inventory().revision();
    try (BrowserContext context = person("en-GB", false)) {
      String current = ccCookie(revision);
      context.addCookies(
          List.of(new Cookie("cc_cookie", current).setUrl(base() + "/p/image-studio/")));
      Page page = context.newPage();
      page.navigate(base() + "/p/image-studio/");
      page.waitForFunction("() => document.documentElement.dataset.consentReady");
      assertThat(page.locator("#cc-main .cm").isVisible()).as("current revision: no ask").isFalse();
    }
    try (BrowserContext context = person("en-GB", false)) {
      context.addCookies(
          List.of(
              new Cookie("cc_cookie", ccCookie(revision + 1)).setUrl(base() + "/p/image-studio/")));
      Page page = context.newPage();
      page.navigate(base() + "/p/image-studio/");
      page.waitForSelector("#cc-main .cm");
      assertThat(page.locator("#cc-main .cm").isVisible())
          .as("older revision: asked again")
          .isTrue();
    }
  }

  static String ccCookie(int revision) {
    String now = java.time.Instant.now().toString();
    String json =
        "{\"categories\":[\"essential\"],\"revision\":"
            + revision
            + ",\"data\":null,\"consentTimestamp\":\""
            + now
            + "\",\"consentId\":\""
            + UUID.randomUUID()
            + "\",\"services\":{\"essential\":[]},\"languageCode\":\"en\",\"lastConsentTimestamp\":\""
            + now
            + "\",\"expirationTime\":"
            + (System.currentTimeMillis() + 86_400_000L)
            + "}";
    return URLEncoder.encode(json, StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("B-30 a signed-in person's choice names the account and is listed under Your data")
  void signedInReceipts() throws Exception {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Receipta", "en");
    try (BrowserContext context = person("en-GB", false)) {
      Page page = context.newPage();
      List<String> problems = watch(page);
      page.navigate(base() + "/p/image-studio/sign-in");
      page.fill("#login", a.username());
      page.fill("#password", StudioTestAccounts.PASSWORD);
      page.click("form[action$='/sign-in'] button[type=submit]");
      page.waitForSelector("#cc-main .cm");
      page.click("#cc-main .cm [data-role=all]");
      Map<String, Object> r = receipt(page);
      assertThat(r.get("account_id")).isEqualTo(a.id());

      page.navigate(base() + "/p/image-studio/account/consent");
      assertThat(page.locator("h1").textContent()).contains("Your cookie choices");
      assertThat(
              page.locator("[data-receipt='" + r.get("receipt_id") + "'] [data-source]")
                  .textContent())
          .isEqualTo("Banner");
      assertThat(problems).isEmpty();
    }
  }

  @Test
  @DisplayName("B-24 a signed-in account browsing with Sec-GPC: 1 gets a GPC receipt, once")
  void signedInGpc() throws Exception {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Gpca", "en");
    try (BrowserContext context = person("en-GB", true)) {
      Page page = context.newPage();
      page.navigate(base() + "/p/image-studio/sign-in");
      page.fill("#login", a.username());
      page.fill("#password", StudioTestAccounts.PASSWORD);
      page.click("form[action$='/sign-in'] button[type=submit]");
      page.waitForURL(u -> !u.contains("/sign-in"));
      page.navigate(base() + "/p/image-studio/account/consent");
      page.navigate(base() + "/p/image-studio/account/consent");
      var rows =
          jdbc.sql("select * from consent_receipt where account_id = :a and source = 'gpc'")
              .param("a", a.id())
              .query()
              .listOfRows();
      assertThat(rows).hasSize(1);
      assertThat(array(rows.get(0).get("refused"))).contains("marketing");
      assertThat(page.locator("[data-receipt] [data-source]").first().textContent())
          .isEqualTo("Global Privacy Control");
    }
  }

  @Test
  @DisplayName("A-11 A-12 the reference site shows no banner and sets no cookie or storage entry")
  void referenceSiteHasNoBanner() throws Exception {
    try (BrowserContext context = person("en-GB", false)) {
      Page page = context.newPage();
      for (String path : List.of("/p/reference-site/", "/p/reference-site/privacy")) {
        page.navigate(base() + path);
        page.waitForLoadState();
        assertThat(page.locator("#cc-main").count()).as(path).isZero();
        assertThat(page.locator("script[src*='cookieconsent']").count()).as(path).isZero();
      }
      assertThat(context.cookies()).isEmpty();
      assertThat(page.evaluate("() => localStorage.length + sessionStorage.length")).isEqualTo(0);
    }
  }
}
