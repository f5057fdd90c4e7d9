package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequests;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The Compliance page groups what is wrong by property and kind, and says for each kind what to do
 * with a link that leads there: a console page, or the documentation's section, served by the
 * console.
 */
@WithRunningServer
class CompliancePageBrowserTest {

  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired RightsRequests requests;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  @Test
  @DisplayName(
      "B-38 findings grouped by property and kind, each kind with what to do and a working link;"
          + " an overdue request links to itself and the fix to the overdue queue")
  void groupedWithWhatToDo() throws Exception {
    RightsRequest late =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.INQUIRY,
                null,
                RequestChannel.SUPPORT,
                null,
                null,
                "compliance-" + System.nanoTime(),
                null,
                false),
            "operator:compliance-test");
    jdbc.sql("update rights_request set due_at = :due where reference = :r")
        .param("due", Timestamp.from(Instant.now().minus(Duration.ofDays(1))))
        .param("r", late.reference())
        .update();

    String operatorName = "compliance-" + System.nanoTime();
    accounts.create(operatorName, ConsoleLoginTest.PASSWORD);
    String base = "http://localhost:" + port;
    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      page.setViewportSize(1280, 900);
      RequestQueueBrowserTest.signIn(page, base, operatorName);
      page.navigate(base + "/console/compliance?check=now");

      Locator site = page.locator("section.findings[data-property=reference-site]");
      assertThat(site.locator("h2").textContent())
          .isEqualTo(catalog.byId("reference-site").orElseThrow().name());
      Locator overdue = site.locator(".finding-group[data-kind=request-overdue]");
      assertThat(overdue.locator("h3").textContent())
          .startsWith("Rights requests past their deadline (");
      assertThat(overdue.locator(".todo").textContent()).contains("Answer each now");
      assertThat(overdue.locator("a[href='/console/requests/" + late.reference() + "']").count())
          .isEqualTo(1);

      // Kinds appear once per property, and every finding sits under its own property.
      for (Locator section : page.locator("section.findings").all()) {
        Set<String> kinds = new HashSet<>();
        for (Locator group : section.locator(".finding-group").all()) {
          assertThat(kinds.add(group.getAttribute("data-kind"))).as("one group per kind").isTrue();
          assertThat(group.locator(".todo").textContent()).startsWith("What to do:");
          assertThat(group.locator("ul.violations li").count()).isPositive();
        }
      }
      BrowserSession.screenshot(page, "console-compliance-grouped");

      // Every "what to do" link leads somewhere real: its page, and its section on it.
      List<String> fixes =
          page.locator("a[data-fix]").all().stream()
              .map(a -> a.getAttribute("href"))
              .distinct()
              .toList();
      assertThat(fixes).contains("/console/requests?due=overdue");
      for (String fix : fixes) {
        var response = page.navigate(base + fix);
        assertThat(response.status()).as(fix).isEqualTo(200);
        if (fix.contains("#")) {
          String id = fix.substring(fix.indexOf('#') + 1);
          assertThat(page.locator("[id='" + id + "']").count()).as(fix).isEqualTo(1);
        }
        page.navigate(base + "/console/compliance");
      }

      page.click(
          "section.findings[data-property=reference-site]"
              + " .finding-group[data-kind=request-overdue] a[data-fix]");
      page.waitForURL(base + "/console/requests?due=overdue");
      assertThat(page.locator("tr[data-reference=" + late.reference() + "]").count()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("every advice has words and a link, for every kind of violation")
  void everyKindHasAdvice() {
    for (var kind : dev.pledge.server.compliance.Violation.Kind.values()) {
      ComplianceFindings.Advice a = ComplianceFindings.advice(kind);
      assertThat(a.todo()).as(kind.name()).hasSizeGreaterThan(40);
      assertThat(a.link()).as(kind.name()).startsWith("/console/").doesNotStartWith("/console/api");
    }
  }
}
