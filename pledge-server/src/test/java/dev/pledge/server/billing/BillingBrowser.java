package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A signed-in studio person in Chromium for billing's tests, who keeps every CSP violation, script
 * error and failed sub-resource the pages cause.
 */
final class BillingBrowser implements AutoCloseable {

  final BrowserContext context;
  final Page page;
  final String base;
  final String studio;
  final List<String> problems = new ArrayList<>();

  BillingBrowser(BrowserSession browser, int port, String language, boolean phone) {
    Browser.NewContextOptions options =
        new Browser.NewContextOptions()
            .setUserAgent(BrowserSession.DESKTOP_CHROME)
            .setLocale(language)
            .setExtraHTTPHeaders(Map.of("Accept-Language", language));
    if (phone) {
      options.setViewportSize(390, 844).setIsMobile(true).setHasTouch(true);
    }
    this.context = browser.newContext(options);
    this.page = context.newPage();
    this.base = "http://localhost:" + port;
    this.studio = base + "/p/image-studio";
    page.onConsoleMessage(
        m -> {
          if (("error".equals(m.type()) && !m.text().startsWith("Failed to load resource"))
              || m.text().contains("Content Security Policy")) {
            problems.add(m.type() + ": " + m.text());
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

  void open(String path) {
    page.navigate(studio + path);
  }

  void signIn(String login, String password) {
    open("/sign-in");
    page.fill("#login", login);
    page.fill("#password", password);
    page.click("form[action$='/sign-in'] button[type=submit]");
    page.waitForURL(u -> !u.contains("/sign-in"));
  }

  String h1() {
    return page.locator("h1").first().textContent().strip();
  }

  /** Nothing wider than the screen: the page works on a phone. */
  void assertFitsTheScreen() {
    Object wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    assertThat(((Number) wide).intValue())
        .as("horizontal overflow on " + page.url())
        .isLessThanOrEqualTo(0);
  }

  void assertClean() {
    assertThat(problems).as("console errors and CSP violations").isEmpty();
  }

  @Override
  public void close() {
    context.close();
  }
}
