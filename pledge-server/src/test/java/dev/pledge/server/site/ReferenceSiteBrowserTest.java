package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Walks the whole reference site in Chromium the way a reader would, through its menus: once with
 * JavaScript disabled, once with every cookie stripped in both directions.
 */
@WithRunningServer
class ReferenceSiteBrowserTest {

  static BrowserSession session;
  static BrowserContext probe;

  @LocalServerPort int port;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
    probe = session.newContext();
  }

  @AfterAll
  static void stopBrowser() {
    probe.close();
    session.close();
  }

  /** The browser behind the shared session, for contexts with options of our own. */
  private static Browser browser() {
    return probe.browser();
  }

  /** What one walk saw. */
  private record Walk(Set<String> visited, List<String> requests, List<String> problems) {}

  @Test
  @DisplayName(
      "A-11 A-12 A-13 every page is readable with JavaScript disabled, through the menus, with no"
          + " cookie and no request to another origin")
  void walksTheSiteWithoutJavaScript() {
    // Chromium resolves *.localhost to this machine by itself: the site under its own host name.
    String base = "http://reference-site.localhost:" + port + "/";
    try (BrowserContext context =
        browser().newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false))) {
      Page page = context.newPage();
      Walk walk = walk(page, base, false);
      assertThat(walk.visited()).containsExactlyInAnyOrderElementsOf(expectedPages(base));
      assertThat(walk.problems()).isEmpty();
      assertThat(walk.requests())
          .allSatisfy(url -> assertThat(sameOrigin(url, base)).as(url).isTrue());
      assertThat(context.cookies()).as("A-11 A-12 no cookie at all").isEmpty();

      Response missing = page.navigate(base + "formats/pgn");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(page.locator("main h1").textContent()).isEqualTo("Page not found");
      assertThat(page.locator("ul.suggestions a").first().getAttribute("href"))
          .isEqualTo("/formats/png");
      assertThat(page.locator("footer a.footer-privacy").isVisible()).isTrue();

      page.navigate(base);
      BrowserSession.screenshot(page, "reference-site-home");
      page.navigate(base + "formats/png");
      BrowserSession.screenshot(page, "reference-site-guide-png");
      page.setViewportSize(390, 844);
      page.navigate(base + "concepts/compression");
      BrowserSession.screenshot(page, "reference-site-guide-narrow");
    }
  }

  @Test
  @DisplayName(
      "A-11 A-12 A-13 every page is readable with cookies blocked; no storage is used and nothing"
          + " leaves the origin")
  void walksTheSiteWithCookiesBlocked() {
    // Under the path prefix, because the routed requests are fetched by Playwright's driver,
    // whose resolver does not know *.localhost.
    String base = "http://localhost:" + port + "/p/reference-site/";
    try (BrowserContext context = browser().newContext()) {
      AtomicInteger cookiesOffered = new AtomicInteger();
      AtomicInteger cookiesSet = new AtomicInteger();
      context.route(
          "**/*",
          route -> {
            Map<String, String> headers = new HashMap<>(route.request().allHeaders());
            if (headers.remove("cookie") != null) {
              cookiesOffered.incrementAndGet();
            }
            APIResponse response =
                route.fetch(new Route.FetchOptions().setHeaders(headers).setMaxRedirects(0));
            Map<String, String> responseHeaders = new HashMap<>(response.headers());
            if (responseHeaders.remove("set-cookie") != null) {
              cookiesSet.incrementAndGet();
            }
            route.fulfill(
                new Route.FulfillOptions().setResponse(response).setHeaders(responseHeaders));
          });
      Page page = context.newPage();
      Walk walk = walk(page, base, true);
      assertThat(walk.visited()).containsExactlyInAnyOrderElementsOf(expectedPages(base));
      assertThat(walk.problems()).isEmpty();
      assertThat(walk.requests())
          .allSatisfy(url -> assertThat(sameOrigin(url, base)).as(url).isTrue());
      assertThat(cookiesSet.get()).as("A-11 A-12 the server never tried to set a cookie").isZero();
      assertThat(cookiesOffered.get()).isZero();
      assertThat(context.cookies()).isEmpty();
    }
  }

  /**
   * Visits the home page and every page its menus lead to, checking each one as it goes.
   *
   * @param scripts whether JavaScript runs, so storage can be inspected
   */
  private static Walk walk(Page page, String base, boolean scripts) {
    List<String> requests = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    page.onRequest(r -> requests.add(r.url()));
    page.onResponse(
        r -> {
          if (r.status() >= 400) {
            problems.add(r.status() + " " + r.url());
          }
        });
    page.onConsoleMessage(
        m -> {
          if ("error".equals(m.type())) {
            problems.add("console: " + m.text()); // a blocked resource or a CSP violation
          }
        });
    Set<String> visited = new LinkedHashSet<>();
    Deque<String> queue = new ArrayDeque<>(List.of(base));
    while (!queue.isEmpty()) {
      String url = queue.removeFirst();
      if (!visited.add(url)) {
        continue;
      }
      Response response = page.navigate(url);
      assertThat(response.status()).as(url).isEqualTo(200);
      assertThat(page.url()).as("the menus link clean URLs, never a redirect").isEqualTo(url);

      Locator main = page.locator("main");
      assertThat(main.isVisible()).as(url).isTrue();
      assertThat(page.locator("main h1").isVisible()).as(url).isTrue();
      assertThat(main.innerText().length()).as("%s has readable content", url).isGreaterThan(200);
      assertThat(page.locator("link[rel=stylesheet]").count()).isEqualTo(1);

      Locator privacy = page.locator("footer a.footer-privacy");
      assertThat(privacy.isVisible()).as(url).isTrue();
      assertThat(URI.create(url).resolve(privacy.getAttribute("href")).toString())
          .isEqualTo(base + "privacy");
      assertThat(page.locator("footer a.footer-contact").getAttribute("href"))
          .isEqualTo("mailto:editor@reference.example.org");

      if (scripts) {
        assertThat(page.evaluate("() => localStorage.length + sessionStorage.length"))
            .as("%s stores nothing in the browser", url)
            .isEqualTo(0);
        assertThat(page.evaluate("() => document.cookie")).isEqualTo("");
      }
      for (Locator link : page.locator("header nav a, nav.section-nav a").all()) {
        String target = URI.create(url).resolve(link.getAttribute("href")).toString();
        if (target.startsWith(base) && !visited.contains(target)) {
          queue.addLast(target);
        }
      }
    }
    return new Walk(visited, new ArrayList<>(requests), new ArrayList<>(problems));
  }

  private static List<String> expectedPages(String base) {
    return DemoSite.pageUrls().stream()
        .map(u -> u.equals("/") ? base : base + u.substring(1))
        .toList();
  }

  private static boolean sameOrigin(String url, String base) {
    URI a = URI.create(url);
    URI b = URI.create(base);
    return a.getScheme().equals(b.getScheme())
        && a.getHost().equals(b.getHost())
        && a.getPort() == b.getPort();
  }
}
