package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestMailServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A verified studio person in their own Chromium context, for the images tests: signs up through
 * the pages, confirms the address from the e-mail, and keeps the console's complaints (a CSP
 * violation or a script error fails the test that checks {@link #assertClean()}).
 */
final class ImageStudioPerson implements AutoCloseable {

  static final Pattern LINK = Pattern.compile("https?://[^\\s#]+#t=[A-Za-z0-9_-]+");

  final BrowserContext context;
  final Page page;
  final String base;
  final String studio;
  final String email;
  final List<String> problems = new ArrayList<>();

  private ImageStudioPerson(BrowserSession browser, int port, String language, String email) {
    this.context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setUserAgent(BrowserSession.DESKTOP_CHROME)
                .setLocale(language)
                .setExtraHTTPHeaders(Map.of("Accept-Language", language)));
    this.page = context.newPage();
    this.base = "http://localhost:" + port;
    this.studio = base + "/p/image-studio";
    this.email = email;
    page.onConsoleMessage(
        m -> {
          if (("error".equals(m.type()) && !m.text().startsWith("Failed to load resource"))
              || m.text().contains("Content Security Policy")) {
            problems.add(m.type() + ": " + m.text());
          }
        });
    page.onPageError(e -> problems.add("page error: " + e));
  }

  /** Signs a new person up (born {@code age} years ago) and confirms the address. */
  static ImageStudioPerson verified(
      BrowserSession browser, int port, String name, String language, int age) throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String first = name.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
    String email = first + "-" + tag + "@example.org";
    ImageStudioPerson p = new ImageStudioPerson(browser, port, language, email);
    p.open("/sign-up");
    p.page.fill("#name", name);
    p.page.fill("#username", first + tag);
    p.page.fill("#email", email);
    p.page.fill("#password", "quiet meadow lantern " + tag);
    p.page.selectOption("#country", "GB");
    p.page.fill(
        "#birthDate", LocalDate.now(ZoneOffset.UTC).minusYears(age).minusDays(3).toString());
    p.page.click("form[action$='/sign-up'] button[type=submit]");
    Matcher m = LINK.matcher(TestMailServer.awaitTextTo(email));
    assertThat(m.find()).as("a confirmation link").isTrue();
    URI uri = URI.create(m.group());
    p.page.navigate(p.studio + uri.getRawPath() + "#" + uri.getRawFragment());
    p.page.click("form[data-token-form] button[type=submit]");
    assertThat(p.page.url()).endsWith("/welcome");
    return p;
  }

  void open(String path) {
    page.navigate(studio + path);
  }

  String h1() {
    return page.locator("h1").first().textContent().strip();
  }

  /** Creates a project; its id. */
  String project(String name) {
    open("/images");
    page.fill("#project-name", name);
    page.click("form[action$='/images/projects'] button[type=submit]");
    return page.url().replaceFirst("^.*/images/projects/", "").replaceFirst("[?#].*$", "");
  }

  /** Uploads a file into a project through the page; the image id (or null when refused). */
  String upload(String projectId, Path file) {
    open("/images/projects/" + projectId);
    page.setInputFiles("#upload-file", file);
    page.click("form[data-upload] button[type=submit]");
    page.waitForLoadState();
    page.waitForFunction(
        "() => location.pathname.match(/\\/images\\/[0-9a-f-]{36}$/)"
            + " || document.querySelector('[data-refusal]')");
    String path = URI.create(page.url()).getPath();
    return path.matches(".*/images/[0-9a-f-]{36}$") ? path.replaceFirst("^.*/images/", "") : null;
  }

  /** Submits an edit form of the editor and waits for the new version to be shown; its id. */
  String edit(String operationSelector) {
    String before = page.url();
    page.click(operationSelector);
    page.waitForURL(
        u -> !u.equals(before) && u.contains("?v="),
        new Page.WaitForURLOptions().setTimeout(60_000));
    return page.url().replaceFirst("^.*[?&]v=", "").replaceFirst("&.*$", "");
  }

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
