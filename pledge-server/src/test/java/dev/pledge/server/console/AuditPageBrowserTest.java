package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditEntry;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequests;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
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
import org.springframework.boot.test.web.server.LocalServerPort;

/** The Audit page in Chromium: entries in words, each filter, the pages, and both exports. */
@WithRunningServer
class AuditPageBrowserTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired AuditTrail trail;
  @Autowired RightsRequests requests;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  private static int rows(Page page) {
    return page.locator("section[data-table=audit-entries] tbody tr").count();
  }

  @SuppressWarnings("deprecation")
  private static void apply(Page page) {
    page.waitForNavigation(() -> page.click("button[data-action=filter]"));
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    return files;
  }

  @Test
  @DisplayName(
      "B-09 B-26 audit entries in words, filtered by event type, date range and request, paged,"
          + " and exported as the auditor's ZIP and as CSV")
  void filterPageAndExport() throws Exception {
    String type = "test.filter-" + Long.toHexString(System.nanoTime());
    List<AuditEntry> typed = new ArrayList<>();
    for (int i = 0; i < 55; i++) {
      typed.add(
          trail.append(
              AuditRecord.of("operator:auditor", type).property("reference-site").count(i)));
    }
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.INQUIRY,
                null,
                RequestChannel.SUPPORT,
                null,
                null,
                "audit-subject-" + System.nanoTime(),
                null,
                false),
            "operator:auditor");
    AuditEntry named =
        trail.append(
            AuditRecord.of("operator:auditor", "processing.restricted")
                .property("reference-site")
                .detail("request", r.reference())
                .detail("stops", "all"));

    String operatorName = "auditor-" + System.nanoTime();
    accounts.create(operatorName, ConsoleLoginTest.PASSWORD);
    String base = "http://localhost:" + port;
    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      page.setViewportSize(1280, 900);
      RequestQueueBrowserTest.signIn(page, base, operatorName);
      page.navigate(base + "/console/audit");

      // By event type: 55 entries, 50 a page, newest first.
      page.selectOption("#a-type", type);
      apply(page);
      assertThat(page.locator("[data-count]").textContent()).isEqualTo("55 entries match.");
      assertThat(rows(page)).isEqualTo(50);
      assertThat(page.locator("tbody tr").first().getAttribute("data-seq"))
          .isEqualTo(Long.toString(typed.get(54).seq()));
      var first = page.locator("tbody tr").first();
      assertThat(first.locator("td").nth(2).textContent()).contains("auditor (operator)");
      page.click("nav.pager a[rel=next]");
      page.waitForURL(u -> u.contains("before="));
      assertThat(rows(page)).isEqualTo(5);
      assertThat(page.url()).contains("type=" + type);

      // A date range: their day holds them, the next nothing. Their day, not the system's: the
      // trail never runs backwards, so after a test that moved the shared clock ahead and wrote
      // an entry, later entries carry that entry's time.
      LocalDate today = typed.get(0).at().atZone(ZoneOffset.UTC).toLocalDate();
      page.navigate(base + "/console/audit?type=" + type);
      page.fill("#a-from", today.toString());
      page.fill("#a-to", today.toString());
      apply(page);
      assertThat(page.locator("[data-count]").textContent()).isEqualTo("55 entries match.");
      page.fill("#a-from", today.plusDays(1).toString());
      page.fill("#a-to", today.plusDays(1).toString());
      apply(page);
      assertThat(rows(page)).isZero();
      assertThat(page.locator("p.empty").textContent()).isEqualTo("No entries match.");

      // By request: its entries (its receipt, then the restriction), in words, with a link to it.
      page.navigate(base + "/console/audit");
      page.fill("#a-ref", r.reference().toLowerCase(java.util.Locale.ROOT));
      apply(page);
      assertThat(rows(page)).isEqualTo(2);
      var row = page.locator("tbody tr").first();
      assertThat(row.getAttribute("data-seq")).isEqualTo(Long.toString(named.seq()));
      assertThat(row.textContent()).contains("Stopped processing of a person's data");
      assertThat(row.locator("a[href='/console/requests/" + r.reference() + "']").count())
          .isEqualTo(1);
      BrowserSession.screenshot(page, "console-audit-filtered");

      // Exports of the selection: CSV, and the ZIP in pledge audit export's format.
      page.navigate(base + "/console/audit?type=" + type);
      Download csvDownload = page.waitForDownload(() -> page.click("a[data-export=csv]"));
      List<String> csv = Files.readAllLines(csvDownload.path(), StandardCharsets.UTF_8);
      assertThat(csv.get(0))
          .isEqualTo(
              "seq,time_utc,action,what,actor,reference,property,category,store,count,subject,"
                  + "details,hash");
      assertThat(csv).hasSize(56);
      assertThat(csv.subList(1, 56)).allSatisfy(l -> assertThat(l).contains("," + type + ","));

      Download zipDownload = page.waitForDownload(() -> page.click("a[data-export=zip]"));
      assertThat(zipDownload.suggestedFilename()).endsWith("-selection.zip");
      Map<String, byte[]> files = unzip(Files.readAllBytes(zipDownload.path()));
      assertThat(files)
          .containsOnlyKeys(
              "README.txt",
              "verification.txt",
              "public-keys.json",
              "entries.jsonl",
              "checkpoints.jsonl");
      assertThat(new String(files.get("README.txt"), StandardCharsets.UTF_8))
          .startsWith("THIS EXPORT HOLDS A SELECTION: event type " + type);
      List<JsonNode> entries = new ArrayList<>();
      for (String line :
          new String(files.get("entries.jsonl"), StandardCharsets.UTF_8).split("\n")) {
        entries.add(JSON.readTree(line));
      }
      assertThat(entries).hasSize(55);
      assertThat(entries.stream().map(e -> e.get("hash").asText()).toList())
          .containsExactlyElementsOf(typed.stream().map(AuditEntry::hash).toList());

      // Without a filter the ZIP is the whole trail, as the command line writes it.
      page.navigate(base + "/console/audit");
      Download whole = page.waitForDownload(() -> page.click("a[data-export=zip]"));
      assertThat(whole.suggestedFilename()).doesNotContain("selection");
      Map<String, byte[]> all = unzip(Files.readAllBytes(whole.path()));
      assertThat(new String(all.get("README.txt"), StandardCharsets.UTF_8))
          .startsWith("Pledge audit trail export");
      String[] lines = new String(all.get("entries.jsonl"), StandardCharsets.UTF_8).split("\n");
      assertThat(JSON.readTree(lines[0]).get("seq").asLong()).isEqualTo(1);
      assertThat(lines.length).isGreaterThanOrEqualTo((int) named.seq());
    }

    ConsoleClient client =
        ConsoleClient.signedIn(port, accounts, "auditor2-" + System.nanoTime(), "127.0.7.50");
    ConsoleClient.Response bad = client.get("/console/audit/export.csv?from=yesterday");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("year-month-day");
  }
}
