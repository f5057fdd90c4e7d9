package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.ObjectionPurpose;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The requests queue in Chromium, the way an operator works it: search by address (which never
 * reaches a URL) and by reference, each filter, the pages, the CSV of the filtered list, the days
 * left in words and colour, and the weekly chart. Other tests share the database, so this one works
 * inside the requests of its own address.
 */
@WithRunningServer
class RequestQueueBrowserTest {

  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  private RightsRequest open(
      String address, RightsRequestKind kind, RequestChannel channel, Instant due) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                kind,
                kind == RightsRequestKind.OBJECTION ? ObjectionPurpose.ANALYTICS : null,
                channel,
                null,
                address,
                null,
                null,
                false),
            "operator:queue-test");
    jdbc.sql("update rights_request set due_at = :due where reference = :r")
        .param("due", Timestamp.from(due))
        .param("r", r.reference())
        .update();
    return r;
  }

  static void signIn(Page page, String base, String username) {
    page.navigate(base + "/console/login");
    page.fill("#username", username);
    page.fill("#password", ConsoleLoginTest.PASSWORD);
    page.click("button[type=submit]");
    page.waitForURL(url -> url.startsWith(base + "/console/") && !url.contains("/login"));
  }

  private static List<String> references(Page page) {
    return page.locator("section[data-table=requests] tbody tr[data-reference]").all().stream()
        .map(r -> r.getAttribute("data-reference"))
        .toList();
  }

  private static int rows(Page page) {
    return page.locator("section[data-table=requests] tbody tr[data-reference]").count();
  }

  @SuppressWarnings("deprecation")
  private static void filter(Page page, String select, String value) {
    page.selectOption(select, value);
    page.waitForNavigation(() -> page.click("button[data-action=filter]"));
  }

  @Test
  @DisplayName(
      "B-29 B-38 the queue: search by address (kept out of every URL) and by reference, each"
          + " filter, paging, days left in words, CSV of the filtered list, weekly chart")
  void workTheQueue() throws Exception {
    String operatorName = "queue-" + System.nanoTime();
    accounts.create(operatorName, ConsoleLoginTest.PASSWORD);
    String address = "queue-" + System.nanoTime() + "@example.org";
    Instant now = Instant.now();
    Instant later = now.plus(Duration.ofDays(20));
    List<RightsRequest> all = new ArrayList<>();
    List<RightsRequest> overdue = new ArrayList<>();
    List<RightsRequest> thisWeek = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      Instant due = i < 2 ? now.minus(Duration.ofDays(2)).minusSeconds(60) : later;
      RightsRequest r = open(address, RightsRequestKind.ACCESS, RequestChannel.FORM, due);
      (i < 2 ? overdue : all).add(r);
    }
    all.addAll(overdue);
    List<RightsRequest> inquiries = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      inquiries.add(open(address, RightsRequestKind.INQUIRY, RequestChannel.EMAIL, later));
    }
    all.addAll(inquiries);
    for (int i = 0; i < 6; i++) {
      Instant due = i < 3 ? now.plus(Duration.ofDays(3)) : later;
      RightsRequest r = open(address, RightsRequestKind.ERASURE, RequestChannel.SUPPORT, due);
      if (i < 3) {
        thisWeek.add(r);
      }
      all.add(r);
    }
    for (int i = 0; i < 2; i++) {
      all.add(open(address, RightsRequestKind.OBJECTION, RequestChannel.API, later));
    }
    for (int i = 0; i < 3; i++) {
      requests.changeStatus(
          inquiries.get(i).reference(),
          RightsRequestStatus.REJECTED,
          "not a privacy request",
          "operator:queue-test");
    }
    assertThat(all).hasSize(30);

    String base = "http://localhost:" + port;
    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      page.setViewportSize(1280, 900);
      List<String> urls = new CopyOnWriteArrayList<>();
      page.onRequest(r -> urls.add(r.url()));
      List<String> problems = new CopyOnWriteArrayList<>();
      page.onConsoleMessage(
          m -> {
            if (m.type().equals("error")) {
              problems.add(m.text());
            }
          });
      signIn(page, base, operatorName);
      page.navigate(base + "/console/requests");

      // Search by address, typed in another letter case: matched whole, in any case.
      page.fill("#q", address.toUpperCase(Locale.ROOT));
      page.click("button[data-action=search]");
      page.waitForURL(u -> u.contains("search="));
      assertThat(page.url()).doesNotContain("@").doesNotContain("%40");
      assertThat(page.locator("[data-search=address]").isVisible()).isTrue();
      // 27 open (3 inquiries were rejected), 25 a page.
      assertThat(page.locator("[data-count]").textContent()).isEqualTo("Rows 1–25 of 27");
      assertThat(rows(page)).isEqualTo(25);
      // Soonest due first: the overdue ones lead, in words as well as in colour.
      List<String> first = references(page).subList(0, 2);
      assertThat(first)
          .containsExactlyInAnyOrderElementsOf(
              overdue.stream().map(RightsRequest::reference).toList());
      var lateRow = page.locator("tr[data-reference=" + first.get(0) + "]");
      assertThat(lateRow.getAttribute("class")).isEqualTo("overdue");
      assertThat(lateRow.locator(".days").textContent()).isEqualTo("2 days overdue");
      assertThat(lateRow.locator(".requester").textContent())
          .startsWith("q•••@e•••.org")
          .doesNotContain(address);
      var soonRow = page.locator("tr[data-reference=" + thisWeek.get(0).reference() + "]");
      assertThat(soonRow.getAttribute("class")).isEqualTo("due-soon");
      assertThat(soonRow.locator(".days").textContent()).isEqualTo("2 days left");
      BrowserSession.screenshot(page, "console-requests-queue");

      page.click("nav.pager a[rel=next]");
      page.waitForURL(u -> u.contains("page=2"));
      assertThat(rows(page)).isEqualTo(2);
      assertThat(page.locator("[data-count]").textContent()).isEqualTo("Rows 26–27 of 27");
      page.click("nav.pager a[rel=prev]");
      page.waitForURL(u -> !u.contains("page=2"));
      assertThat(rows(page)).isEqualTo(25);

      // Each filter, within the search.
      filter(page, "#f-kind", "erasure");
      assertThat(rows(page)).isEqualTo(6);
      filter(page, "#f-kind", "");
      filter(page, "#f-status", "closed");
      assertThat(references(page))
          .containsExactlyInAnyOrderElementsOf(
              inquiries.subList(0, 3).stream().map(RightsRequest::reference).toList());
      filter(page, "#f-status", "all");
      assertThat(page.locator("[data-count]").textContent()).endsWith("of 30");
      filter(page, "#f-status", "open");
      filter(page, "#f-channel", "email");
      assertThat(rows(page)).isEqualTo(7);
      filter(page, "#f-channel", "");
      filter(page, "#f-due", "overdue");
      assertThat(references(page))
          .containsExactlyInAnyOrderElementsOf(
              overdue.stream().map(RightsRequest::reference).toList());
      filter(page, "#f-due", "week");
      assertThat(references(page))
          .containsExactlyInAnyOrderElementsOf(
              thisWeek.stream().map(RightsRequest::reference).toList());
      filter(page, "#f-due", "later");
      assertThat(rows(page)).isEqualTo(22);
      filter(page, "#f-due", "");
      filter(page, "#f-property", "image-studio");
      assertThat(rows(page)).isZero();
      assertThat(page.locator("[data-count]").textContent()).isEqualTo("None match.");
      filter(page, "#f-property", "reference-site");
      assertThat(page.url()).contains("property=reference-site").contains("search=");

      // The CSV holds the filtered list, every page of it, the requester masked.
      filter(page, "#f-status", "all");
      Download download = page.waitForDownload(() -> page.click("a[data-action=csv]"));
      String csv = Files.readString(download.path(), StandardCharsets.UTF_8);
      List<String> lines = csv.lines().toList();
      assertThat(lines.get(0))
          .isEqualTo(
              "reference,property,kind,status,channel,requester,received_utc,due_utc,days_left,"
                  + "closed_utc");
      assertThat(lines).hasSize(31);
      assertThat(csv).doesNotContain(address).doesNotContain(address.toUpperCase(Locale.ROOT));
      for (RightsRequest r : all) {
        assertThat(csv).contains(r.reference() + ",reference-site,");
      }
      assertThat(lines.stream().filter(l -> l.contains(",rejected,"))).hasSize(3);
      assertThat(download.suggestedFilename()).startsWith("rights-requests-").endsWith(".csv");

      // The chart of the last 26 weeks, drawn, with its numbers as a table too.
      assertThat(page.locator("canvas[data-chart=requests][data-rendered=true]").count())
          .isEqualTo(1);
      assertThat(page.locator("table[data-table=weeks] tbody tr").count()).isEqualTo(26);
      Object thisWeekReceived =
          page.evaluate(
              "() => { const d = Chart.getChart(document.querySelector('#requests-chart'))"
                  + ".data.datasets[0].data; return d[d.length - 1]; }");
      assertThat(((Number) thisWeekReceived).longValue()).isGreaterThanOrEqualTo(30);

      // Search by part of a reference, in lower case; a whole one opens the request.
      String ref = thisWeek.get(1).reference();
      page.navigate(base + "/console/requests");
      page.fill("#q", ref.substring(2, 8).toLowerCase(Locale.ROOT));
      page.click("button[data-action=search]");
      page.waitForURL(u -> u.contains("ref="));
      assertThat(references(page)).contains(ref);
      page.fill("#q", ref);
      page.click("button[data-action=search]");
      page.waitForURL(base + "/console/requests/" + ref);
      assertThat(page.locator("h1").textContent()).contains(ref);
      assertThat(page.locator("dl.request-facts").textContent()).contains(address);

      assertThat(urls)
          .as("the address is in no URL the browser asked for")
          .noneMatch(u -> u.toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT)))
          .noneMatch(u -> u.toLowerCase(Locale.ROOT).contains("%40example.org"));
      assertThat(problems).as("no console errors, no CSP refusals").isEmpty();
    }
  }

  @Test
  @DisplayName("a search id from another session finds nothing and says so; bad filters say why")
  void searchIdsBelongToTheirSession() throws Exception {
    ConsoleClient one =
        ConsoleClient.signedIn(port, accounts, "queue-a-" + System.nanoTime(), "127.0.7.30");
    String csrf = ConsoleClient.csrf(one.get("/console/requests").body());
    ConsoleClient.Response searched =
        one.post(
            "/console/requests/search", java.util.Map.of("q", "nobody@example.org", "_csrf", csrf));
    assertThat(searched.status()).isEqualTo(302);
    String location = searched.location();
    assertThat(location).contains("search=").doesNotContain("nobody");
    ConsoleClient other =
        ConsoleClient.signedIn(port, accounts, "queue-b-" + System.nanoTime(), "127.0.7.31");
    String path = location.substring(location.indexOf("/console/"));
    ConsoleClient.Response elsewhere = other.get(path);
    assertThat(elsewhere.status()).isEqualTo(400);
    assertThat(elsewhere.body()).contains("another session").doesNotContain("nobody");
    ConsoleClient.Response bad = one.get("/console/requests?kind=sell&due=soon");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("Use one of: access").contains("Use overdue, week or later.");
  }
}
