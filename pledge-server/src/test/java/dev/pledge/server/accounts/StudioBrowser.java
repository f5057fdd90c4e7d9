package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.ConsoleMessage;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A person in Chromium on the studio: signs up, reads mail, and keeps the console's complaints. */
final class StudioBrowser implements AutoCloseable {

  final BrowserContext context;
  final Page page;
  final String base;
  final String studio;
  final List<String> problems = new ArrayList<>();

  StudioBrowser(BrowserSession browser, int port, String acceptLanguage) {
    this.context =
        browser.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions()
                .setUserAgent(BrowserSession.DESKTOP_CHROME)
                .setLocale(acceptLanguage)
                .setExtraHTTPHeaders(java.util.Map.of("Accept-Language", acceptLanguage)));
    this.page = context.newPage();
    this.base = "http://localhost:" + port;
    this.studio = base + "/p/image-studio";
    // A CSP violation or a script error shows up in the console: every test fails on it.
    page.onConsoleMessage(
        m -> {
          // A page answered 4xx on purpose (a wrong code) is reported as a failed load: those are
          // checked through the responses below instead.
          if (("error".equals(m.type()) && !m.text().startsWith("Failed to load resource"))
              || m.text().contains("Content Security Policy")) {
            problems.add(describe(m));
          }
        });
    page.onResponse(
        r -> {
          if (r.status() >= 400 && !"document".equals(r.request().resourceType())) {
            problems.add("failed " + r.request().resourceType() + " " + r.status() + " " + r.url());
          }
        });
    page.onPageError(e -> problems.add("page error: " + e));
  }

  private static String describe(ConsoleMessage m) {
    return m.type() + ": " + m.text();
  }

  void open(String path) {
    page.navigate(studio + path);
  }

  String h1() {
    return page.locator("h1").first().textContent().strip();
  }

  /** Fills the sign-up form; the caller submits. */
  void fillSignUp(
      String name, String username, String email, String password, String country, LocalDate born) {
    open("/sign-up");
    page.fill("#name", name);
    page.fill("#username", username);
    page.fill("#email", email);
    page.fill("#password", password);
    page.selectOption("#country", country);
    page.fill("#birthDate", born.toString());
  }

  static LocalDate bornYearsAgo(int years) {
    return LocalDate.now(ZoneOffset.UTC).minusYears(years).minusDays(3);
  }

  void signIn(String login, String password) {
    open("/sign-in");
    page.fill("#login", login);
    page.fill("#password", password);
    page.click("form[action$='/sign-in'] button[type=submit]");
  }

  void signOut() {
    page.locator("details.account-menu summary").click();
    page.click("details.account-menu button[type=submit]");
  }

  /** No CSP violation, no script error, no failed resource so far. */
  void assertClean() {
    assertThat(problems).as("console errors and CSP violations").isEmpty();
  }

  void screenshot(String name) {
    BrowserSession.screenshot(page, name);
  }

  @Override
  public void close() {
    context.close();
  }
}
