package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RequestErasures;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import java.time.ZonedDateTime;
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

/** A request's page: an extension of the length the operator chooses, an erasure followed live. */
@WithRunningServer
class RequestPageBrowserTest {

  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired RightsRequests requests;
  @Autowired RequestErasures erasures;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  private RightsRequest open(RightsRequestKind kind, String law) {
    return requests.open(
        new NewRightsRequest(
            "reference-site",
            kind,
            null,
            RequestChannel.SUPPORT,
            null,
            "page-" + System.nanoTime() + "@example.org",
            null,
            law,
            false),
        "operator:page-test");
  }

  @Test
  @DisplayName(
      "B-32 B-38 an extension of a chosen length, within the law's limit; longer is refused and"
          + " changes nothing")
  void extensionOfAChosenLength() throws Exception {
    RightsRequest r = open(RightsRequestKind.ACCESS, "gdpr");
    String operatorName = "extender-" + System.nanoTime();
    accounts.create(operatorName, ConsoleLoginTest.PASSWORD);
    String base = "http://localhost:" + port;
    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      RequestQueueBrowserTest.signIn(page, base, operatorName);
      page.navigate(base + "/console/requests/" + r.reference());
      List<String> lengths =
          page.locator("#length option").all().stream().map(o -> o.getAttribute("value")).toList();
      // GDPR: a month, extendable by two more; the whole extension is always offered.
      assertThat(lengths).contains("P7D", "P14D", "P1M", "most").doesNotContain("P3M");
      assertThat(page.locator("form[data-form=extend] .hint").textContent())
          .startsWith("The law allows an extension up to ");
      page.selectOption("#length", "P14D");
      page.fill("#reason", "We need the payment provider's records.");
      page.click("button[data-action=extend]");
      page.waitForLoadState();
      assertThat(page.locator("p.notice").textContent()).startsWith("Deadline extended");
      assertThat(page.locator("form[data-form=extend]").count())
          .as("extended once: not offered again")
          .isZero();
    }
    RightsRequest extended = requests.byReference(r.reference()).orElseThrow();
    assertThat(extended.dueAt())
        .isEqualTo(ZonedDateTime.ofInstant(r.dueAt(), requests.zone()).plusDays(14).toInstant());
    assertThat(extended.extensionReason()).isEqualTo("We need the payment provider's records.");

    // Beyond what the law allows: refused, nothing changed.
    RightsRequest other = open(RightsRequestKind.ACCESS, "gdpr");
    ConsoleClient client =
        ConsoleClient.signedIn(port, accounts, "extender2-" + System.nanoTime(), "127.0.7.40");
    String csrf = ConsoleClient.csrf(client.get("/console/requests/" + other.reference()).body());
    ConsoleClient.Response tooLong =
        client.post(
            "/console/requests/" + other.reference() + "/extend",
            Map.of("length", "P3M", "reason", "More time", "_csrf", csrf));
    assertThat(tooLong.status()).isEqualTo(302);
    String after = client.get("/console/requests/" + other.reference()).body();
    assertThat(after).contains("the law allows an extension of request").contains("only");
    assertThat(requests.byReference(other.reference()).orElseThrow().dueAt())
        .isEqualTo(other.dueAt());
    assertThat(requests.extensionLimit(other.reference())).isPresent();
  }

  @Test
  @DisplayName(
      "A-15 B-27 a running erasure's progress follows itself on the page (htmx, no reload), then"
          + " the receipt and the new status appear")
  void erasureProgressUpdatesItself() throws Exception {
    RightsRequest r = open(RightsRequestKind.ERASURE, null);
    requests.changeStatus(r.reference(), RightsRequestStatus.VERIFIED, "test", "requester");
    // An erasure recorded as running, with no job: the test plays the job, store by store.
    jdbc.sql(
            """
            insert into rights_request_erasure (request_id, scheduled_at, scheduled_by,
              stores_total, stores_done)
            select id, now(), 'operator:page-test', 5, 2 from rights_request where reference = :r
            """)
        .param("r", r.reference())
        .update();
    String operatorName = "watcher-" + System.nanoTime();
    accounts.create(operatorName, ConsoleLoginTest.PASSWORD);
    String base = "http://localhost:" + port;
    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      List<String> polls = new CopyOnWriteArrayList<>();
      page.onRequest(
          q -> {
            if (q.url().endsWith("/erasure")) {
              polls.add(q.url());
            }
          });
      List<String> problems = new CopyOnWriteArrayList<>();
      page.onConsoleMessage(
          m -> {
            if (m.type().equals("error")) {
              problems.add(m.text());
            }
          });
      RequestQueueBrowserTest.signIn(page, base, operatorName);
      page.navigate(base + "/console/requests/" + r.reference());
      Locator progress = page.locator("[data-section=erasure-progress] [data-field=progress]");
      assertThat(progress.textContent()).isEqualTo("2 of 5 stores done.");
      page.evaluate("() => { window.stayedOnThePage = true; }");

      jdbc.sql(
              """
              update rights_request_erasure e set stores_done = 4 from rights_request r
              where r.id = e.request_id and r.reference = :r
              """)
          .param("r", r.reference())
          .update();
      page.locator("[data-field=progress]:text('4 of 5 stores done.')").waitFor();

      jdbc.sql(
              """
              update rights_request_erasure e set stores_done = 5, finished_at = now(),
                receipt = '[{"category":"user.contact.correspondence","store":"mailbox",
                  "erased":3,"held":0,"holdReason":null,"remaining":0,"title":"Correspondence",
                  "nothingToErase":null}]'
              from rights_request r where r.id = e.request_id and r.reference = :r
              """)
          .param("r", r.reference())
          .update();
      requests.changeStatus(r.reference(), RightsRequestStatus.COMPLETED, "erased", "test");
      page.locator("[data-section=receipt]").waitFor();
      assertThat(page.evaluate("() => window.stayedOnThePage === true"))
          .as("the page was not reloaded")
          .isEqualTo(true);
      assertThat(page.locator("#request-status").getAttribute("data-status"))
          .isEqualTo("completed");
      assertThat(page.locator("#request-status").textContent()).isEqualTo("Completed");
      assertThat(page.locator("[data-section=erasure-progress]").count()).isZero();
      assertThat(page.locator("[data-section=receipt] tbody td").allTextContents())
          .contains("mailbox", "3", "0");
      assertThat(polls).hasSizeGreaterThanOrEqualTo(2);
      int polled = polls.size();
      Thread.sleep(2500);
      assertThat(polls).as("done: it stops asking").hasSize(polled);
      assertThat(problems).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "the erasure job reports its progress store by store: when it is done, every store of the"
          + " property was gone through")
  void theJobCountsItsStores() throws Exception {
    RightsRequest r = open(RightsRequestKind.ERASURE, null);
    requests.changeStatus(r.reference(), RightsRequestStatus.VERIFIED, "test", "requester");
    erasures.schedule(r.reference(), "operator:page-test");
    for (int i = 0; i < 300 && erasures.state(r.reference()) != RequestErasures.State.DONE; i++) {
      Thread.sleep(100);
    }
    assertThat(erasures.state(r.reference())).isEqualTo(RequestErasures.State.DONE);
    Map<String, Object> row =
        jdbc.sql(
                """
                select e.stores_done, e.stores_total from rights_request_erasure e
                join rights_request r on r.id = e.request_id where r.reference = :r
                """)
            .param("r", r.reference())
            .query()
            .singleRow();
    assertThat(((Number) row.get("stores_total")).intValue())
        .isEqualTo(erasures.receipt(r.reference()).orElseThrow().size())
        .isPositive();
    assertThat(row.get("stores_done")).isEqualTo(row.get("stores_total"));
  }
}
