package dev.pledge.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.policy.Retention;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequests;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An access export read by a person: the ZIP unpacked to a folder and its {@code index.html} opened
 * in Chromium from the disk — every kind of data with what it is for and its items, a table of rows
 * with its CSV beside it, records as fields — escaped, with nothing loaded from anywhere.
 */
@WithRunningServer
class ReadableExportBrowserTest {

  static BrowserSession browser;

  @Autowired SubjectExporter exporter;
  @Autowired RetentionEngine engine;
  @Autowired RightsRequests requests;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  String schema;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @BeforeEach
  void schema() {
    schema = "readable_" + Long.toHexString(System.nanoTime());
    jdbc.sql("create schema " + schema).update();
  }

  @AfterEach
  void dropSchema() {
    jdbc.sql("drop schema " + schema + " cascade").update();
  }

  @Test
  @DisplayName(
      "A-15 B-27 the export's index.html, opened from the unpacked ZIP, tells each category in"
          + " words and shows its items; tables come as CSV too; nothing is fetched, nothing runs")
  void indexOpensInABrowser(@TempDir Path folder) throws Exception {
    String address = "reader-" + System.nanoTime() + "@example.net";
    ServedProperty site = catalog.byId("reference-site").orElseThrow();
    jdbc.sql(
            "create table "
                + schema
                + ".visit (id bigserial primary key, subject_id text, created_at timestamptz"
                + " not null, page text, note text)")
        .update();
    Instant at = Instant.parse("2030-06-01T08:30:00Z");
    String hostile = "<img src=x onerror=\"document.title='pwned'\">";
    for (int i = 0; i < 3; i++) {
      jdbc.sql(
              "insert into "
                  + schema
                  + ".visit (subject_id, created_at, page, note) values (:s, :t, :p, :n)")
          .param("s", address)
          .param("t", Timestamp.from(at.plusSeconds(i)))
          .param("p", "/formats/png-" + i)
          .param("n", i == 0 ? hostile : "=1+1")
          .update();
    }
    var visits =
        RetentionEngineTest.category(
            "test.visits",
            RetentionEngineTest.fixed("P1Y"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    List<RetentionBinding> bindings = new ArrayList<>();
    bindings.add(
        new RetentionBinding(
            site,
            visits,
            TableRetentionStore.builder(jdbc, tx)
                .name("test.visits")
                .holds(site.id(), "test.visits")
                .table(schema + ".visit", "created_at")
                .subjectColumn("subject_id")
                .build()));
    // The site's own stores too: the request records, whose history is not a flat row.
    bindings.addAll(engine.bindings());
    RightsRequest request =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.ACCESS,
                null,
                RequestChannel.SUPPORT,
                null,
                address,
                null,
                null,
                false),
            "operator:readable-test");

    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    exporter.export(bindings, "reference-site", address, zip, Instant.now());
    List<String> names = new ArrayList<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.toByteArray()))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        names.add(e.getName());
        Path target = folder.resolve(e.getName()).normalize();
        assertThat(target.startsWith(folder)).as(e.getName()).isTrue();
        Files.createDirectories(target.getParent());
        Files.write(target, in.readAllBytes());
      }
    }
    assertThat(names)
        .contains("index.html", "manifest.json", "test.visits.json", "test.visits.csv")
        .contains("user.contact.correspondence.json")
        .doesNotContain("user.contact.correspondence.csv");

    List<String> csv =
        Files.readAllLines(folder.resolve("test.visits.csv"), StandardCharsets.UTF_8);
    assertThat(csv.get(0)).startsWith("\uFEFF").contains("page").endsWith("note");
    assertThat(csv).hasSize(4);
    assertThat(csv.get(2))
        .as("a cell a spreadsheet would run as a formula is text")
        .endsWith(",/formats/png-1,'=1+1");

    try (BrowserContext context = browser.newContext()) {
      Page page = context.newPage();
      List<String> fetched = new CopyOnWriteArrayList<>();
      page.onRequest(r -> fetched.add(r.url()));
      page.navigate(folder.resolve("index.html").toUri().toString());
      assertThat(page.locator("h1").textContent()).isEqualTo("Your data held by " + site.name());
      var table = page.locator("section[data-category='test.visits'] table");
      assertThat(table.locator("thead th").allTextContents())
          .contains("Created at", "Page", "Note");
      assertThat(table.locator("tbody tr").count()).isEqualTo(3);
      assertThat(table.locator("tbody tr").first().textContent())
          .contains("/formats/png-0")
          .contains(hostile);
      assertThat(page.title()).as("the planted markup is text, not markup").doesNotContain("pwned");
      assertThat(page.locator("section[data-category='test.visits'] dl.facts").textContent())
          .contains("Why it is kept")
          .contains("How long it is kept")
          .contains("3 items");
      assertThat(
              page.locator("section[data-category='test.visits'] a[href='test.visits.csv']")
                  .count())
          .isEqualTo(1);

      var records = page.locator("section[data-category='user.contact.correspondence']");
      assertThat(records.locator("h2").textContent())
          .isNotBlank()
          .isNotEqualTo("user.contact.correspondence");
      assertThat(records.locator("dl.item").first().textContent()).contains(request.reference());
      assertThat(records.locator("table").count()).as("records, not a table").isZero();
      assertThat(page.locator("nav a").count()).isEqualTo(page.locator("section").count());
      BrowserSession.screenshot(page, "export-index");

      assertThat(fetched)
          .as("only the page itself is loaded, from the disk")
          .allSatisfy(u -> assertThat(u).startsWith("file:"));
    }
  }
}
