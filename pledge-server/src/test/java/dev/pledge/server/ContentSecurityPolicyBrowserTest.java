package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.LoadState;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Every kind of HTML page the server sends, loaded in Chromium under its content-security policy:
 * the landing page, the studio's summary page, the site's pages and its 404 (also for a refused
 * path), both published policies, the privacy center, the error page, and every console page — each
 * with a policy that allows no inline script or style, and not one violation reported (issue 11).
 */
@WithRunningServer
class ContentSecurityPolicyBrowserTest {

  private static final String PASSWORD = "a passphrase for the csp test";

  /** Collects every CSP violation the page reports, before any of its own code runs. */
  private static final String LISTEN =
      "window.__violations = [];"
          + "document.addEventListener('securitypolicyviolation', e =>"
          + " window.__violations.push(e.violatedDirective + ' blocked ' + (e.blockedURI ||"
          + " 'inline') + ' in ' + e.documentURI));";

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired RightsRequests requests;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  /**
   * A desktop browser that sends Do Not Track: the site's tracker runs (its script is part of the
   * check) but records nothing that other tests count.
   */
  private static BrowserContext newContext() {
    BrowserContext context =
        browser.newContext(
            new Browser.NewContextOptions()
                .setUserAgent(BrowserSession.DESKTOP_CHROME)
                .setExtraHTTPHeaders(Map.of("DNT", "1")));
    context.addInitScript(LISTEN);
    return context;
  }

  private String base() {
    return "http://localhost:" + port;
  }

  /** Opens {@code path}, waits until it settles, and checks its policy header and violations. */
  private void visit(Page page, List<String> console, String path, int status) {
    Response response = page.navigate(base() + path);
    assertThat(response.status()).as(path).isEqualTo(status);
    assertThat(response.headerValue("content-type")).as(path).startsWith("text/html");
    String policy = response.headerValue("content-security-policy");
    assertThat(policy).as("%s: content-security policy", path).isNotNull();
    assertThat(policy).as(path).contains("script-src 'self'").doesNotContain("unsafe-inline");
    page.waitForLoadState(LoadState.NETWORKIDLE);
    @SuppressWarnings("unchecked")
    List<String> seen = (List<String>) page.evaluate("() => window.__violations");
    assertThat(seen).as("%s: CSP violations", path).isEmpty();
    // Chromium reports a page answered 404 as a resource that failed: that one is expected.
    console.removeIf(
        m -> status == 404 && m.startsWith("error: " + FAILED_404 + " at " + base() + path));
    assertThat(console).as("%s: console errors", path).isEmpty();
  }

  private static final String FAILED_404 =
      "Failed to load resource: the server responded with a status of 404 ()";

  private static List<String> listen(Page page) {
    List<String> console = new CopyOnWriteArrayList<>();
    page.onConsoleMessage(
        m -> {
          if (m.type().equals("error") || m.text().contains("Content Security Policy")) {
            console.add(m.type() + ": " + m.text() + " at " + m.location());
          }
        });
    page.onPageError(e -> console.add("page error: " + e));
    return console;
  }

  @Test
  @DisplayName("the violation listener reports an inline style the policy refuses")
  void theListenerSeesAViolation() {
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      List<String> console = listen(page);
      page.navigate(base() + "/");
      page.evaluate(
          "() => { const s = document.createElement('style');"
              + " s.textContent = 'body { color: red }'; document.head.appendChild(s); }");
      page.waitForFunction("() => window.__violations.length > 0");
      @SuppressWarnings("unchecked")
      List<String> seen = (List<String>) page.evaluate("() => window.__violations");
      assertThat(seen).anySatisfy(v -> assertThat(v).startsWith("style-src"));
      assertThat(console).anySatisfy(m -> assertThat(m).contains("Content Security Policy"));
    }
  }

  @Test
  @DisplayName("A-13 every public HTML page loads under its policy without a single violation")
  void publicPages() {
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      List<String> console = listen(page);
      visit(page, console, "/", 200);
      visit(page, console, "/p/image-studio/", 200);
      visit(page, console, "/p/reference-site/", 200);
      visit(page, console, "/p/reference-site/formats/png", 200);
      visit(page, console, "/p/reference-site/privacy", 200);
      assertThat(page.evaluate("() => getComputedStyle(document.querySelector('main')).maxWidth"))
          .as("the policy's stylesheet applies")
          .isEqualTo("800px");
      visit(page, console, "/p/image-studio/privacy", 200);
      visit(page, console, "/p/reference-site/privacy/requests", 200);
      visit(page, console, "/p/reference-site/privacy/requests/verify?token=no-such-token", 200);
      page.click("button[type=submit]");
      page.waitForLoadState(LoadState.NETWORKIDLE);
      assertThat(page.evaluate("() => window.__violations")).asList().isEmpty();
      // Not found: a site's page, a path refused for its encoding, and the server's error page.
      console.clear();
      visit(page, console, "/p/reference-site/no-such-page", 404);
      visit(page, console, "/p/reference-site/docs%2Findex", 404);
      assertThat(page.locator("h1").textContent()).contains("not found");
      visit(page, console, "/nothing-here", 404);
      visit(page, console, "/docs%2Findex", 404);
    }
  }

  @Test
  @DisplayName("every console page, charts and htmx included, loads without a violation")
  void consolePages() {
    jdbc.sql(
            """
            insert into operator (username, password_hash, created_at)
            values ('csp-operator', :hash, :now) on conflict (username) do nothing
            """)
        .param("hash", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(PASSWORD))
        .param("now", Timestamp.from(Instant.now()))
        .update();
    RightsRequest request =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.INQUIRY,
                null,
                RequestChannel.API,
                null,
                null,
                "csp-subject",
                null,
                false),
            "test");
    try (BrowserContext context = newContext()) {
      Page page = context.newPage();
      List<String> console = listen(page);
      visit(page, console, "/console/login", 200);
      page.fill("#username", "csp-operator");
      page.fill("#password", PASSWORD);
      page.click("button[type=submit]");
      page.waitForURL(url -> url.startsWith(base() + "/console/"));
      List<String> paths =
          new ArrayList<>(
              List.of(
                  "/console/",
                  "/console/requests",
                  "/console/requests/" + request.reference(),
                  "/console/compliance",
                  "/console/audit",
                  "/console/logs",
                  "/console/account"));
      for (String path : paths) {
        visit(page, console, path, 200);
      }
      visit(page, console, "/console/reference-site/analytics", 200);
      page.locator("canvas#trend[data-rendered=true]").waitFor();
      assertThat(page.evaluate("() => window.__violations")).asList().isEmpty();
      assertThat(console).isEmpty();
    } finally {
      requests.changeStatus(request.reference(), RightsRequestStatus.REJECTED, "test over", "test");
    }
  }
}
