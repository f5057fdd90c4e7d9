package dev.pledge.server.policychanges;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicySource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * the reference site notes a material change to its privacy policy at the top of its pages,
 * with the effective date — while it is coming and for 30 days after it took effect — and a page's
 * validators change with the notice, so a revisit does not get a stale copy. The movable clock
 * moves past the 30 days; the change is removed again after the test.
 */
@WithRunningServer
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("A-20")
class SitePolicyChangeNoticeTest {

  static final String SITE = "reference-site";
  static final String OLD_RETENTION = "      period: P12M\n      anchor: last-message\n";

  @LocalServerPort int port;
  @Autowired PolicyChanges changes;
  @Autowired JdbcClient jdbc;

  private final HttpClient client = HttpClient.newHttpClient();
  private String newer;

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/p/" + SITE + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * In Chromium: the announced version carries the site's own header — its name and navigation — as
   * the published policy beside it does, not the bare fallback of a property without a site.
   */
  private void sameHeaderAsThePolicy(String versionPath) {
    try (BrowserSession browser = new BrowserSession();
        BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      page.navigate("http://localhost:" + port + "/p/" + SITE + "/privacy");
      List<String> policyHeader = header(page);
      assertThat(policyHeader).hasSizeGreaterThan(2); // the brand and the site's sections
      page.navigate("http://localhost:" + port + versionPath);
      assertThat(page.locator("[data-policy-change-version]").count()).isEqualTo(1);
      assertThat(header(page)).isEqualTo(policyHeader);
      assertThat(page.locator("header.site-header .back-to-site").count()).isZero();
      BrowserSession.screenshot(page, "reference-site-announced-policy");
    }
  }

  /** The header's links, as "words → address". */
  private static List<String> header(Page page) {
    return page.locator("header.site-header a").all().stream()
        .map(a -> a.textContent().strip() + " → " + a.getAttribute("href"))
        .toList();
  }

  @AfterAll
  void removeTheChange() {
    TestClock.reset();
    if (newer == null) {
      return;
    }
    String sha = PolicyChanges.sha256(newer);
    jdbc.sql("delete from policy_change where to_sha256 = :sha").param("sha", sha).update();
    jdbc.sql("delete from policy_text where sha256 = :sha").param("sha", sha).update();
  }

  @Test
  @DisplayName(
      "A-20 a material change is noted at the top of the site's pages with its effective date; its"
          + " announced version carries the site's header, as the policy does")
  void notedAtTheTop() throws Exception {
    HttpResponse<String> before = get("/formats");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.body()).doesNotContain("data-policy-change");
    String etag = before.headers().firstValue("etag").orElseThrow();

    String served = PolicySource.text("classpath:policies/reference-site.yaml");
    assertThat(served).contains(OLD_RETENTION);
    // A material change: the editors' correspondence kept twice as long.
    newer = served.replace(OLD_RETENTION, "      period: P24M\n      anchor: last-message\n");
    PolicyChanges.Change change = changes.publish(SITE, newer).orElseThrow();
    assertThat(change.material()).isTrue();

    // Announced, not yet in force: every page says when it applies, and what changes.
    HttpResponse<String> announced = get("/formats", "If-None-Match", etag);
    assertThat(announced.statusCode()).as("a revisit gets the page with the notice").isEqualTo(200);
    String body = announced.body();
    assertThat(body).contains("data-policy-change");
    assertThat(body.indexOf("data-policy-change")).isLessThan(body.indexOf("<main"));
    assertThat(body)
        .contains("Our privacy policy changes on")
        .contains("<time datetime=\"" + change.effectiveDate() + "\">")
        .contains("<li>How long we keep Email correspondence: longer: ");
    assertThat(get("/").body()).contains("data-policy-change");
    // The notice links to the announced version's full text; /privacy is still the one in force.
    String link = "/p/reference-site/privacy/changes/" + change.id();
    assertThat(body).contains("href=\"" + link + "\"");
    HttpResponse<String> version = get("/privacy/changes/" + change.id());
    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.body())
        .contains("takes effect on")
        .contains("How long we keep Email correspondence: longer: ");
    String kept = change.lines().get(0).substring(change.lines().get(0).indexOf("→ ") + 2);
    assertThat(version.body()).contains("data-policy-text").contains(kept.replace(".", ""));
    assertThat(get("/privacy/changes/999999").statusCode()).isEqualTo(404);
    sameHeaderAsThePolicy(link);

    // In force: noted as changed, with the date, for 30 days.
    changes.bringIntoForce();
    String inForce = get("/formats").body();
    assertThat(inForce)
        .contains("Our privacy policy changed on")
        .contains("<time datetime=\"" + change.effectiveDate() + "\">");

    TestClock.advance(PolicyChanges.NOTED_AFTER.plus(Duration.ofMinutes(1)));
    assertThat(get("/formats").body()).doesNotContain("data-policy-change");
  }
}
