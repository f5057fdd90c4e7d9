package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.util.ArrayList;
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
 * A person's whole path through the privacy center in a real browser: the form, the acknowledgement
 * in the mailbox, the link, the confirmation — with no cookie and no storage.
 */
@WithRunningServer
class PrivacyCenterBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName(
      "A-15 A-21 B-29 A-11 A-12 A-13 form → acknowledgement e-mail → link → confirm: verified,"
          + " no cookie, no storage")
  void formToVerifiedRequest() throws Exception {
    String email = "browser-" + System.nanoTime() + "@example.net";
    String base = "http://localhost:" + port;
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      List<String> requested = new ArrayList<>();
      page.onRequest(r -> requested.add(r.url()));

      page.navigate(base + "/p/reference-site/privacy");
      page.click("p.privacy-requests a");
      assertThat(page.locator("h1").textContent()).isEqualTo("Privacy requests");
      page.selectOption("#kind", "erasure");
      page.fill("#email", email);
      page.fill("#details", "My visits of 3 May, Firefox.");
      page.click("button[type=submit]");
      assertThat(page.locator("h1").textContent()).isEqualTo("Check your inbox");
      BrowserSession.screenshot(page, "privacy-center-sent");

      String body = awaitAcknowledgement(email);
      Matcher link = RightsMailIntakeTest.LINK.matcher(body);
      assertThat(link.find()).as("verification link in %s", body).isTrue();
      // The link names the property's domain; this test server answers it under /p/{id}/.
      URI uri = URI.create(link.group());
      page.navigate(base + "/p/reference-site" + uri.getRawPath() + "#" + uri.getRawFragment());
      assertThat(page.locator("button.rights-confirm").isVisible()).isTrue();
      // The page's script took the code from the fragment into the form, and off the address bar.
      assertThat(page.locator("#token").isVisible()).isFalse();
      assertThat(page.inputValue("#token")).isEqualTo(link.group(1));
      assertThat(page.url()).isEqualTo(base + "/p/reference-site/privacy/requests/verify");
      page.click("button.rights-confirm");
      assertThat(page.locator("h1").textContent()).contains("confirmed");
      String reference = page.locator(".rights-reference").textContent();
      BrowserSession.screenshot(page, "privacy-center-verified");

      RightsRequest r = requests.byReference(reference).orElseThrow();
      assertThat(r.status()).isEqualTo(RightsRequestStatus.VERIFIED);
      assertThat(r.kind()).isEqualTo(RightsRequestKind.ERASURE);
      assertThat(r.channel()).isEqualTo(RequestChannel.FORM);
      assertThat(r.requesterAddress()).isEqualTo(email);

      assertThat(context.cookies()).as("A-11 A-12 no cookie on the rights pages").isEmpty();
      assertThat(page.evaluate("() => localStorage.length + sessionStorage.length")).isEqualTo(0);
      assertThat(requested).allSatisfy(url -> assertThat(url).startsWith(base));
    }
  }

  @Test
  @DisplayName(
      "A-13 the privacy center works with JavaScript off: the confirmation page asks for the code"
          + " the e-mail gives")
  void withoutJavaScript() throws Exception {
    String email = "nojs-" + System.nanoTime() + "@example.net";
    String base = "http://localhost:" + port;
    try (BrowserContext context =
        browser.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions().setJavaScriptEnabled(false))) {
      Page page = context.newPage();
      page.navigate(base + "/p/reference-site/privacy/requests");
      page.selectOption("#kind", "access");
      page.fill("#email", email);
      page.click("button[type=submit]");
      assertThat(page.locator("h1").textContent()).isEqualTo("Check your inbox");

      String body = awaitAcknowledgement(email);
      Matcher link = RightsMailIntakeTest.LINK.matcher(body);
      assertThat(link.find()).as("verification link in %s", body).isTrue();
      Matcher code = CODE.matcher(body);
      assertThat(code.find()).as("the code on its own line in %s", body).isTrue();
      assertThat(code.group(1)).isEqualTo(link.group(1));
      page.navigate(base + "/p/reference-site" + URI.create(link.group()).getRawPath());
      assertThat(page.locator("#token").isVisible()).isTrue();
      page.fill("#token", code.group(1));
      page.click("button.rights-confirm");
      assertThat(page.locator("h1").textContent()).contains("confirmed");
      BrowserSession.screenshot(page, "privacy-center-verified-without-javascript");
    }
  }

  @Test
  @DisplayName(
      "A-15 B-29 the request form fits a phone 390 px wide: no field wider than the screen, in"
          + " both properties")
  void formFitsAPhone() {
    String base = "http://localhost:" + port;
    try (BrowserContext context =
        browser.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(390, 844)
                .setIsMobile(true))) {
      Page page = context.newPage();
      for (String property : List.of("reference-site", "image-studio")) {
        page.navigate(base + "/p/" + property + "/privacy/requests");
        // The law select's longest option (a law's full name) had set the width of its fieldset.
        assertThat(page.evaluate("document.documentElement.scrollWidth"))
            .as("%s: the page scrolls sideways on a phone", property)
            .isEqualTo(390);
        assertThat(page.locator("#kind").boundingBox().width).isLessThanOrEqualTo(390);
        BrowserSession.screenshot(page, "privacy-center-phone-" + property);
      }
    }
  }

  /** The code line of an acknowledgement, for a browser that runs no script. */
  static final Pattern CODE = Pattern.compile("asks for a code, enter:\\s+([0-9a-f]{64})");

  /** The acknowledgement's text, decoded, once it has arrived (it is sent in the background). */
  static String awaitAcknowledgement(String address) throws Exception {
    return TestMailServer.awaitTextTo(address);
  }
}
