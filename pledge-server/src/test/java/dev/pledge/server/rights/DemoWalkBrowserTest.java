package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.PledgeServer;
import dev.pledge.server.console.demo.DemoMailProperties;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * The demo as a person tries it, in Chromium: a server configured the way {@code pledge demo}
 * configures it — its own mail server, read and shown on the console's Demo mail page — and every
 * right through every channel: the form from the published policy, e-mail, the operators' API.
 */
@SpringBootTest(
    classes = PledgeServer.class,
    webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
    properties = {
      "pledge.embedded-database.ephemeral=true",
      "pledge.data-dir=target/test-demo-data",
      "pledge.demo=true",
      "pledge.analytics.ingest-port=0"
    })
@ContextConfiguration(initializers = DemoWalkBrowserTest.DemoPorts.class)
class DemoWalkBrowserTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The demo's settings on free ports (the demo's own are fixed; tests may run beside it). */
  static final class DemoPorts
      implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    static int port;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
      port = freePort();
      Map<String, Object> p =
          new HashMap<>(DemoMailProperties.of(freePort(), freePort(), "demo-test-secret"));
      p.put("server.port", port);
      p.put("pledge.rights.public-base-url", "http://localhost:" + port);
      // The test reads the mailbox itself instead of waiting for the job.
      p.put("pledge.mail.imap.poll-interval", "PT1H");
      context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("demo", p));
    }

    private static int freePort() {
      try (ServerSocket s = new ServerSocket(0)) {
        return s.getLocalPort();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static BrowserSession browser;

  @Autowired RightsMailIntake intake;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;
  @Autowired dev.pledge.server.audit.AuditTrail trail;

  /** The request's story as the audit trail tells it. */
  private List<String> story(String reference) {
    return trail.ofRequest(reference).stream()
        .map(dev.pledge.server.audit.AuditEntry::action)
        .toList();
  }

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  private static String base() {
    return "http://localhost:" + DemoPorts.port;
  }

  /** The operator, signed in with the demo's account. */
  private static Page operator(BrowserContext context) {
    Page page = context.newPage();
    page.navigate(base() + "/console/login");
    // What the page says about signing in is true of the demo (issue 12).
    assertThat(page.locator("[data-field=sign-in-hint]").textContent())
        .contains("demo")
        .contains("demo-operator")
        .doesNotContain("admin")
        .doesNotContain("initial-operator-password");
    page.fill("#username", "demo");
    page.fill("#password", "demo-operator");
    page.click("button[type=submit]");
    page.waitForURL(url -> url.startsWith(base() + "/console/") && !url.contains("login"));
    return page;
  }

  /**
   * The newest message to {@code address} on the Demo mail page, reloading until the background
   * sender has delivered it.
   */
  private static Locator mailTo(Page console, String address) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      console.navigate(base() + "/console/demo-mail");
      Locator message =
          console.locator("[data-message]").filter(new Locator.FilterOptions().setHasText(address));
      if (message.count() > 0) {
        return message.first();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no message to " + address + " on the Demo mail page");
  }

  /** Opens the confirmation link of the e-mail in the visitor's browser and confirms. */
  private static String confirm(Page visitor, String link) {
    assertThat(link).startsWith(base() + "/p/reference-site/privacy/requests/verify#t=");
    visitor.navigate(link);
    assertThat(visitor.url()).doesNotContain("#t=");
    visitor.click("button.rights-confirm");
    assertThat(visitor.locator("h1").textContent()).contains("confirmed");
    return visitor.locator(".rights-reference").textContent().strip();
  }

  private static void openRequest(Page console, String reference) {
    console.navigate(base() + "/console/requests");
    console.click("tr[data-reference=\"" + reference + "\"] a");
    assertThat(console.locator("h1").textContent()).contains(reference);
  }

  @Test
  @DisplayName(
      "A-15 B-29 demo walk: policy link → privacy center → access request → verification e-mail"
          + " on the Demo mail page → confirm → console queue → export → ZIP downloaded and read")
  void accessThroughTheForm() throws Exception {
    String email = "walker-" + System.nanoTime() + "@example.net";
    try (BrowserContext visitorContext = browser.newContext();
        BrowserContext operatorContext = browser.newContext()) {
      Page visitor = visitorContext.newPage();
      visitor.navigate(base() + "/p/reference-site/privacy");
      // The form channel's own link in the policy text (not the link appended after it).
      visitor.click("main a:text-is('/privacy/requests')");
      assertThat(visitor.url()).isEqualTo(base() + "/p/reference-site/privacy/requests");
      assertThat(visitor.locator("h1").textContent()).isEqualTo("Privacy requests");
      visitor.selectOption("#kind", "access");
      visitor.fill("#email", email);
      visitor.click("button[type=submit]");
      assertThat(visitor.locator("h1").textContent()).isEqualTo("Check your inbox");

      Page console = operator(operatorContext);
      Locator mail = mailTo(console, email);
      assertThat(mail.locator("[data-field=from]").textContent())
          .contains("editor@reference.example.org");
      String link = mail.locator("[data-field=body] a[href*='/verify#t=']").getAttribute("href");
      BrowserSession.screenshot(console, "demo-mail-verification");
      String reference = confirm(visitor, link);

      openRequest(console, reference);
      // Values in words: a date with its zone, never an ISO instant; Extend offered while allowed.
      assertThat(console.locator("[data-field=due]").textContent())
          .matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} UTC");
      assertThat(console.locator("main").textContent())
          .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T");
      assertThat(console.locator("button[data-action=extend]").count()).isEqualTo(1);
      assertThat(console.locator("[data-field=status]").getAttribute("data-status"))
          .isEqualTo("verified");
      assertThat(console.locator("[data-field=status]").textContent()).isEqualTo("Verified");
      console.click("button[data-action=export]");
      String exportLink = console.locator("[data-field=export-link]").textContent().strip();
      assertThat(exportLink).startsWith(base() + "/p/reference-site/privacy/requests/export#t=");

      visitor.navigate(exportLink);
      Download download = visitor.waitForDownload(() -> visitor.click("button.rights-confirm"));
      Map<String, JsonNode> entries = new LinkedHashMap<>();
      try (ZipInputStream in = new ZipInputStream(Files.newInputStream(download.path()))) {
        ZipEntry e;
        while ((e = in.getNextEntry()) != null) {
          if (e.getName().endsWith(".json")) {
            entries.put(e.getName(), JSON.readTree(in.readAllBytes()));
          } else {
            entries.put(e.getName(), JSON.nullNode());
          }
        }
      }
      assertThat(entries).containsKey("manifest.json").containsKey("index.html");
      assertThat(entries.get("manifest.json").get("categories").findValuesAsText("id"))
          .contains("user.contact.correspondence");
      assertThat(entries.get("manifest.json").get("property-name").asText())
          .isEqualTo("Reference site");

      // A used link says it was used, and offers no download (issue 12): the e-mail's link
      // opened again, in a new tab.
      Page again = visitorContext.newPage();
      again.navigate(exportLink);
      Locator state = again.locator("[data-field=link-state]");
      state.waitFor();
      assertThat(state.textContent()).startsWith("This link was used on ");
      assertThat(state.getAttribute("data-state")).isEqualTo("used");
      assertThat(again.locator("button.rights-confirm").isVisible()).isFalse();
      BrowserSession.screenshot(again, "demo-export-link-used");

      // Extended once, the deadline offers no second extension.
      openRequest(console, reference);
      console.selectOption("#extend-ground", "complexity");
      console.fill("#reason", "Several systems hold your messages.");
      console.click("button[data-action=extend]");
      assertThat(console.locator("p.notice:not([data-field])").textContent())
          .startsWith("Deadline extended");
      assertThat(console.locator("button[data-action=extend]").count()).isZero();
      assertThat(story(reference))
          .containsExactly(
              "request.received",
              "request.verified",
              "export.prepared",
              "export.downloaded",
              "request.extended");
      JsonNode own = entries.get("user.contact.correspondence.json");
      assertThat(own).as(entries.keySet().toString()).isNotNull();
      assertThat(own.toString()).contains(reference).contains(email);
    }
  }

  @Test
  @DisplayName(
      "B-29 the published policy's link to the form works at the property's own host as under"
          + " /p/{id}/")
  void policyLinkAtThePropertyRoot() {
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      // Chromium resolves *.localhost to this machine: the property at its own root.
      String root = "http://reference-site.localhost:" + DemoPorts.port;
      page.navigate(root + "/privacy");
      page.click("main a:text-is('/privacy/requests')");
      assertThat(page.url()).isEqualTo(root + "/privacy/requests");
      assertThat(page.locator("h1").textContent()).isEqualTo("Privacy requests");
      page.navigate(root + "/privacy");
      page.click("p.privacy-requests a");
      assertThat(page.url()).isEqualTo(root + "/privacy/requests");
    }
  }

  @Test
  @DisplayName(
      "A-15 A-16 A-21 demo walk: \"Re:  privacy DELETION request\" sent from the Demo mail page →"
          + " erasure request → confirmed → operator erases → receipt: the mailbox's messages"
          + " erased, nothing remaining")
  void erasureByEmail() throws Exception {
    String email = "eraser-" + System.nanoTime() + "@example.net";
    try (BrowserContext visitorContext = browser.newContext();
        BrowserContext operatorContext = browser.newContext()) {
      Page console = operator(operatorContext);
      console.navigate(base() + "/console/demo-mail");
      assertThat(console.locator("nav.topnav a[aria-current=page]").textContent())
          .isEqualTo("Demo mail");
      assertThat(console.inputValue("#subject")).isEqualTo("Privacy deletion request");
      console.fill("#from", email);
      console.fill("#subject", "Re:  privacy DELETION request");
      console.click("button[data-action=send-mail]");
      assertThat(console.locator("p.notice").textContent()).contains("Sent to");

      assertThat(intake.poll()).isEqualTo(1);
      Locator ack = mailTo(console, email);
      assertThat(ack.locator("[data-field=subject]").textContent())
          .startsWith("Your privacy request R-");
      String link = ack.locator("[data-field=body] a[href*='/verify#t=']").getAttribute("href");
      String reference = confirm(visitorContext.newPage(), link);
      RightsRequest r = requests.byReference(reference).orElseThrow();
      assertThat(r.kind()).isEqualTo(RightsRequestKind.ERASURE);
      assertThat(r.channel()).isEqualTo(RequestChannel.EMAIL);

      openRequest(console, reference);
      console.click("button[data-action=erase]");
      assertThat(console.locator("p.notice:not([data-field])").textContent())
          .startsWith("Erasure started");
      // The erasure is a background job (db-scheduler): the page shows it running until the
      // receipt is in, as an operator reloading it would see.
      Locator receipt = console.locator("[data-section=receipt]");
      for (int i = 0; i < 240 && !receipt.isVisible(); i++) {
        console.waitForTimeout(500);
        console.reload();
      }
      assertThat(receipt.isVisible()).as("the receipt after the erasure job").isTrue();
      assertThat(console.locator("[data-field=erasure]").count()).isZero();
      // One row per store that can find a person (none may have any yet): each must say 0.
      for (String remaining :
          receipt.locator("tbody tr:has(td:nth-child(6)) td:nth-child(6)").allTextContents()) {
        assertThat(remaining.strip()).as("A-16 remaining after erasure").isEqualTo("0");
      }
      // the erasure request mail itself was correspondence in the privacy mailbox.
      Locator mailbox = receipt.locator("tbody tr[data-store='mailbox.correspondence']");
      assertThat(mailbox.count()).as("the mailbox's line on the receipt").isEqualTo(1);
      assertThat(Long.parseLong(mailbox.locator("td:nth-child(3)").textContent().strip()))
          .as("A-15 messages erased from the mailbox")
          .isGreaterThanOrEqualTo(1);
      assertThat(mailbox.locator("td:nth-child(6)").textContent().strip()).isEqualTo("0");
      // One wording per outcome, the policy's titles, no ids in the words (issue 12).
      assertThat(mailbox.locator("td:nth-child(1)").textContent())
          .isEqualTo("Messages in our mailbox (Email correspondence)");
      assertThat(mailbox.locator("td:nth-child(5)").textContent())
          .endsWith("erased; nothing of yours is left there");
      Locator record = receipt.locator("tbody tr[data-store='rights.requests']");
      assertThat(record.locator("td:nth-child(5)").textContent())
          .startsWith("kept as the record of your request and of this erasure");
      assertThat(receipt.locator("tbody td:nth-child(1)").allTextContents())
          .noneMatch(t -> t.contains("user."));
      assertThat(console.locator("button[data-action=extend]").count())
          .as("a closed request offers no extension")
          .isZero();
      assertThat(story(reference))
          .containsExactly(
              "request.received",
              "request.verified",
              "erasure.started",
              "request.in-progress",
              "erasure.finished",
              "request.completed");
      BrowserSession.screenshot(console, "demo-erasure-receipt");
    }
  }

  @Test
  @DisplayName("A-15 B-29 demo walk: the operators' JSON API opens an objection and lists it")
  void objectionThroughTheApi() throws Exception {
    try (BrowserContext operatorContext = browser.newContext()) {
      Page console = operator(operatorContext);
      console.navigate(base() + "/console/requests");
      String csrf = console.locator("input[name=_csrf]").first().getAttribute("value");
      APIResponse created =
          operatorContext
              .request()
              .post(
                  base() + "/console/api/requests",
                  RequestOptions.create()
                      .setHeader("Content-Type", "application/json")
                      .setHeader("X-CSRF-TOKEN", csrf)
                      .setData(
                          "{\"property\": \"reference-site\", \"kind\": \"objection\","
                              + " \"purpose\": \"analytics\", \"email\": \"objector@example.net\"}"));
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      String reference = JSON.readTree(created.text()).get("reference").asText();
      // LGPD allows no extension: the page offers none (issue 12).
      APIResponse lgpd =
          operatorContext
              .request()
              .post(
                  base() + "/console/api/requests",
                  RequestOptions.create()
                      .setHeader("Content-Type", "application/json")
                      .setHeader("X-CSRF-TOKEN", csrf)
                      .setData(
                          "{\"property\": \"image-studio\", \"kind\": \"access\", \"law\":"
                              + " \"lgpd\", \"email\": \"lgpd@example.net\"}"));
      assertThat(lgpd.status()).as(lgpd.text()).isEqualTo(201);
      openRequest(console, JSON.readTree(lgpd.text()).get("reference").asText());
      assertThat(console.locator("[data-field=status]").textContent())
          .isEqualTo("Awaiting verification");
      assertThat(console.locator("button[data-action=extend]").count()).isZero();
      APIResponse list = operatorContext.request().get(base() + "/console/api/requests");
      assertThat(list.status()).isEqualTo(200);
      JsonNode listed = JSON.readTree(list.text()).get("requests");
      assertThat(listed.findValuesAsText("reference")).contains(reference);
      console.navigate(base() + "/console/requests");
      assertThat(console.locator("tr[data-reference=\"" + reference + "\"]").count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "B-06 demo walk: the studio user has an image project whose history the worker made —"
          + " text in two scripts, a branch, a style")
  void studioUserHasImages() throws Exception {
    String dana =
        jdbc.sql("select account_id from studio_account where email = :e")
            .param("e", "dana@studio.example.com")
            .query(String.class)
            .single();
    long pending = 1;
    for (int i = 0; i < 600 && pending > 0; i++) {
      pending =
          jdbc.sql(
                  "select count(*) from image_job where owner_id = :a"
                      + " and state in ('queued', 'running')")
              .param("a", dana)
              .query(Long.class)
              .single();
      if (pending > 0) {
        Thread.sleep(200);
      }
    }
    assertThat(
            jdbc.sql(
                    "select operation || ':' || state from image_job where owner_id = :a"
                        + " order by operation")
                .param("a", dana)
                .query(String.class)
                .list())
        .containsExactly("add-text:succeeded", "posterise:succeeded", "white-balance:succeeded");
    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      String studio = base() + "/p/image-studio";
      page.navigate(studio + "/sign-in");
      page.fill("#login", "dana@studio.example.com");
      page.fill("#password", "lilac-harbour-42");
      page.click("form[action$='/sign-in'] button[type=submit]");
      page.navigate(studio + "/images");
      page.click("a:has-text('Spring poster')");
      page.waitForURL(u -> u.contains("/images/projects/"));
      page.click("a:has-text('meadow.jpg')");
      page.waitForURL(u -> u.matches(".*/images/[0-9a-f-]{36}$"));
      assertThat(page.locator(".version-tree .version").count())
          .as("the upload and its two edits, each a branch of it")
          .isEqualTo(3);
      assertThat(page.locator(".version-tree .version.depth-1").count()).isEqualTo(2);
      BrowserSession.screenshot(page, "images-demo");
    }
  }

  @Test
  @DisplayName(
      "B-04 demo walk: the studio user is on Pro with three months of invoices and credit history,"
          + " as README's payment walk says, although the demo's image edits charged credits first")
  void studioUserIsOnPro() {
    String dana =
        jdbc.sql("select account_id from studio_account where email = :e")
            .param("e", "dana@studio.example.com")
            .query(String.class)
            .single();
    // The image project's edits charged credits at start, which made a Free subscription; the
    // billing history then took it for its own earlier run and wrote nothing.
    assertThat(
            jdbc.sql("select plan_id from billing_subscription where account_id = :a")
                .param("a", dana)
                .query(String.class)
                .single())
        .isEqualTo("pro");
    assertThat(
            jdbc.sql("select count(*) from billing_invoice where account_id = :a")
                .param("a", dana)
                .query(Long.class)
                .single())
        .isEqualTo(3);
    assertThat(
            jdbc.sql(
                    "select count(*) from billing_credit_entry where account_id = :a"
                        + " and kind = 'monthly-grant'")
                .param("a", dana)
                .query(Long.class)
                .single())
        .isEqualTo(4);
  }
}
