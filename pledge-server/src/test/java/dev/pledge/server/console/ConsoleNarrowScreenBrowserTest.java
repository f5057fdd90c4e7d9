package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every console page on a phone-sized screen (390 px wide): the page never scrolls sideways — a
 * wide table scrolls inside its card — and every link of the navigation can be reached.
 */
@WithRunningServer
class ConsoleNarrowScreenBrowserTest {

  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired RightsRequests requests;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  /** How far the page is wider than the screen, in CSS pixels: 0 when it fits. */
  private static int overflow(Page page) {
    return ((Number)
            page.evaluate(
                "() => Math.max(document.documentElement.scrollWidth,"
                    + " document.body.scrollWidth) - window.innerWidth"))
        .intValue();
  }

  @Test
  @DisplayName("every console page at 390 px: no sideways scrolling, the navigation reachable")
  void everyPageFitsAPhone() throws Exception {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.AUTHORITY_DISCLOSURE,
                null,
                RequestChannel.LEGAL,
                null,
                "narrow-screen-with-a-rather-long-address-" + System.nanoTime() + "@example.org",
                null,
                null,
                false),
            "operator:narrow");
    requests.note(
        r.reference(),
        "note",
        "Access logs of 2026-11-01 disclosed under court order 12/2026; "
            + "a".repeat(120)
            + " (a long word)",
        "operator:narrow");
    String operatorName = "narrow-" + System.nanoTime();
    accounts.create(operatorName, ConsoleLoginTest.PASSWORD);
    String base = "http://localhost:" + port;
    List<String> pages =
        List.of(
            "/console/",
            "/console/reference-site/analytics",
            "/console/requests",
            "/console/requests?status=all",
            "/console/requests/" + r.reference(),
            "/console/logs",
            "/console/compliance",
            "/console/audit",
            "/console/account",
            "/console/docs/readme",
            "/console/docs/policy-language");
    try (BrowserContext context =
        session.newContext(
            new Browser.NewContextOptions()
                .setViewportSize(390, 844)
                .setUserAgent(BrowserSession.DESKTOP_CHROME))) {
      Page page = context.newPage();
      page.navigate(base + "/console/login");
      assertThat(overflow(page)).as("/console/login").isLessThanOrEqualTo(0);
      RequestQueueBrowserTest.signIn(page, base, operatorName);
      List<String> wide = new ArrayList<>();
      for (String path : pages) {
        page.navigate(base + path);
        page.waitForLoadState();
        int over = overflow(page);
        if (over > 0) {
          wide.add(path + " is " + over + " px wider than the screen");
        }
        String name = "narrow" + path.replaceAll("[^a-z0-9]+", "-");
        page.screenshot(
            new Page.ScreenshotOptions()
                .setPath(Path.of("target", "screenshots", name + ".png"))
                .setFullPage(true));
        // The navigation: folded behind a Menu button, or wrapped; every link within the screen.
        Locator toggle = page.locator(".nav-toggle");
        if (toggle.count() > 0 && toggle.isVisible()) {
          toggle.click();
        }
        for (Locator link : page.locator("nav.topnav a").all()) {
          var box = link.boundingBox();
          assertThat(box).as(path + ": " + link.textContent() + " is shown").isNotNull();
          assertThat(box.x + box.width)
              .as(path + ": " + link.textContent() + " within the screen")
              .isLessThanOrEqualTo(390.5);
        }
      }
      assertThat(wide).isEmpty();
    }
  }
}
