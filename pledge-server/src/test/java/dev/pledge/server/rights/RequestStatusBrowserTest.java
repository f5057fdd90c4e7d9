package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The requester's status page, from the link in a real acknowledgement e-mail (GreenMail) to what
 * it shows as the request moves on — with no account, no cookie, and the link's secret in no URL a
 * server sees.
 */
@WithRunningServer
class RequestStatusBrowserTest {

  static final Pattern STATUS_LINK =
      Pattern.compile("https://\\S+/privacy/requests/status#t=([0-9a-f]{64})");
  static final Pattern STATUS_CODE =
      Pattern.compile("asks for a status code, enter:\\s+([0-9a-f]{64})");

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired RightsRequests requests;
  @Autowired RequestOutcomes outcomes;
  @Autowired PledgeSettings settings;

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
      "A-15 A-21 B-29 B-38 A-11 the acknowledgement's status link shows kind, status, deadline and"
          + " history in words, follows the request, and its secret reaches no server log")
  void statusFromTheAcknowledgement() throws Exception {
    String email = "status-" + System.nanoTime() + "@example.net";
    String base = "http://localhost:" + port;
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      List<String> requested = new ArrayList<>();
      page.onRequest(r -> requested.add(r.url()));
      page.navigate(base + "/p/reference-site/privacy/requests");
      page.selectOption("#kind", "erasure");
      page.fill("#email", email);
      page.click("button[type=submit]");
      assertThat(page.locator("h1").textContent()).isEqualTo("Check your inbox");

      String mail = PrivacyCenterBrowserTest.awaitAcknowledgement(email);
      Matcher link = STATUS_LINK.matcher(mail);
      assertThat(link.find()).as("a status link in %s", mail).isTrue();
      String token = link.group(1);
      Matcher code = STATUS_CODE.matcher(mail);
      assertThat(code.find()).isTrue();
      assertThat(code.group(1)).isEqualTo(token);
      Matcher verify = RightsMailIntakeTest.LINK.matcher(mail);
      assertThat(verify.find()).isTrue();
      assertThat(verify.group(1)).as("two secrets, not one").isNotEqualTo(token);

      // The link names the property's domain; this test server answers it under /p/{id}/.
      URI uri = URI.create(link.group());
      page.navigate(base + "/p/reference-site" + uri.getRawPath() + "#" + uri.getRawFragment());
      page.locator("[data-outcome=status]").waitFor();
      assertThat(page.url()).isEqualTo(base + "/p/reference-site/privacy/requests/status");
      String reference = page.locator("h1 .rights-reference").textContent();
      RightsRequest r = requests.byReference(reference).orElseThrow();
      assertThat(r.requesterAddress()).isEqualTo(email);
      assertThat(page.locator("[data-field=kind]").textContent())
          .isEqualTo("Your request to delete your personal data");
      assertThat(page.locator("[data-field=status]").textContent())
          .startsWith("Waiting for you to confirm it");
      assertThat(page.locator("[data-field=due]").textContent()).contains(" (UTC)");
      assertThat(page.locator("[data-field=history] li").allTextContents())
          .singleElement()
          .satisfies(
              l ->
                  assertThat(l)
                      .contains("We received your request through the privacy center's form"));
      // The site's own header: its name and navigation, the way back.
      assertThat(page.locator("header.site-header .brand").textContent()).isNotBlank();
      assertThat(page.locator("header.site-header nav.site-nav a").count()).isGreaterThan(1);
      BrowserSession.screenshot(page, "privacy-request-status-received");

      // The requester confirms; an operator extends the deadline with a reason.
      URI confirm = URI.create(verify.group());
      page.navigate(
          base + "/p/reference-site" + confirm.getRawPath() + "#" + confirm.getRawFragment());
      page.click("button.rights-confirm");
      assertThat(page.locator("h1").textContent()).contains("confirmed");
      outcomes.extend(reference, "We are waiting for our mail provider's records.", "operator:x");

      page.navigate(base + "/p/reference-site" + uri.getRawPath() + "#" + uri.getRawFragment());
      page.locator("[data-outcome=status]").waitFor();
      assertThat(page.locator("[data-field=status]").textContent())
          .isEqualTo("Confirmed — we are working on it");
      assertThat(page.locator("[data-field=history] li").allTextContents())
          .hasSize(3)
          .anySatisfy(l -> assertThat(l).contains("You confirmed that the request is yours."))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .contains("We extended the deadline to answer.")
                      .contains("Our reason: We are waiting for our mail provider's records."));

      // "See the latest" posts the code again: the request completed meanwhile.
      outcomes.changeStatus(reference, RightsRequestStatus.COMPLETED, null, "operator:x");
      page.click("button.rights-confirm");
      page.locator("[data-field=closed]").waitFor();
      assertThat(page.locator("[data-field=status]").textContent()).isEqualTo("Completed");
      assertThat(page.locator("[data-field=due]").count()).isZero();
      assertThat(page.locator("[data-field=history] li").last().textContent())
          .contains("We completed your request.");
      BrowserSession.screenshot(page, "privacy-request-status-completed");

      assertThat(context.cookies()).as("A-11 no cookie").isEmpty();
      assertThat(requested).allSatisfy(u -> assertThat(u).startsWith(base).doesNotContain(token));

      // Pledge's own access log has the page's address, never the secret.
      Path log =
          settings
              .dataDir()
              .resolve("logs/access/access." + LocalDate.now(ZoneOffset.UTC) + ".log");
      String logged = "";
      for (int i = 0; i < 100 && !logged.contains("/privacy/requests/status"); i++) {
        logged = Files.exists(log) ? Files.readString(log) : "";
        Thread.sleep(100);
      }
      assertThat(logged).contains("POST /p/reference-site/privacy/requests/status");
      assertThat(logged.toLowerCase(Locale.ROOT)).doesNotContain(token);
    }
  }

  @Test
  @DisplayName(
      "A-13 without JavaScript the page asks for the status code; an unknown code gets one neutral"
          + " page, and another property's page does not show the request")
  void withoutScriptAndWithWrongCodes() throws Exception {
    String email = "status-nojs-" + System.nanoTime() + "@example.net";
    String base = "http://localhost:" + port;
    try (BrowserContext context =
        browser.newContext(new Browser.NewContextOptions().setJavaScriptEnabled(false))) {
      Page page = context.newPage();
      page.navigate(base + "/p/reference-site/privacy/requests");
      page.selectOption("#kind", "access");
      page.fill("#email", email);
      page.click("button[type=submit]");
      String mail = PrivacyCenterBrowserTest.awaitAcknowledgement(email);
      Matcher code = STATUS_CODE.matcher(mail);
      assertThat(code.find()).isTrue();

      page.navigate(base + "/p/reference-site/privacy/requests/status");
      assertThat(page.locator("#token").isVisible()).isTrue();
      page.fill("#token", code.group(1));
      page.click("button.rights-confirm");
      assertThat(page.locator("[data-field=kind]").textContent())
          .isEqualTo("Your request for access to your personal data");

      page.navigate(base + "/p/reference-site/privacy/requests/status");
      page.fill("#token", "0".repeat(64));
      page.click("button.rights-confirm");
      assertThat(page.locator("[data-outcome=unknown] h1").textContent())
          .isEqualTo("This status link is not valid");

      page.navigate(base + "/p/image-studio/privacy/requests/status");
      page.fill("#token", code.group(1));
      page.click("button.rights-confirm");
      assertThat(page.locator("[data-outcome=unknown]").count())
          .as("one property's page never shows another's request")
          .isEqualTo(1);
    }
  }
}
