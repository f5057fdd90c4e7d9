package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.ConsoleOperators;
import dev.pledge.server.WithRunningServer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's API page in Chromium: aggregates per day and route for running the API, and product
 * figures counted only from accounts whose "API data sharing" is on (B-28). No account id or key
 * prefix appears on it.
 */
@WithRunningServer
class ApiConsoleBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;
  @Autowired ApiSettings settings;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  static final String USAGE = "GET /api/v1/usage";

  @Test
  @DisplayName(
      "B-28 B-03 the console's API page: every account in the operations figures, only"
          + " sharing accounts in product analytics, nobody named")
  void consoleApiPage() throws Exception {
    ApiClient api = new ApiClient(port);
    String private1 = ApiClient.account(jdbc, "Pia");
    String sharing = ApiClient.account(jdbc, "Sam");
    settings.setSharesUsage(sharing, true);
    settings.setSharesUsage(private1, false);
    var privateKey = keys.create(private1, null, "p", EnumSet.of(ApiKeys.Scope.READ), null);
    var sharingKey = keys.create(sharing, null, "s", EnumSet.of(ApiKeys.Scope.READ), null);

    Page console = ConsoleOperators.signedIn(browser, jdbc, port, "api-operator");
    console.navigate("http://localhost:" + port + "/console/api");
    long operationsBefore =
        cell(console, "operations", USAGE + "'][data-day='" + today(), "requests");
    long sharedBefore = cell(console, "shared", USAGE, "requests");

    for (int i = 0; i < 3; i++) {
      assertThat(api.get(privateKey.secret(), "/usage").statusCode()).isEqualTo(200);
    }
    for (int i = 0; i < 2; i++) {
      assertThat(api.get(sharingKey.secret(), "/usage").statusCode()).isEqualTo(200);
    }

    console.navigate("http://localhost:" + port + "/console/api");
    assertThat(console.locator("h1").textContent()).isEqualTo("Developer API");
    assertThat(cell(console, "operations", USAGE + "'][data-day='" + today(), "requests"))
        .as("running the API counts everyone")
        .isEqualTo(operationsBefore + 5);
    assertThat(cell(console, "shared", USAGE, "requests"))
        .as("product analytics counts only the account that shares")
        .isEqualTo(sharedBefore + 2);
    String html = console.content();
    assertThat(html)
        .doesNotContain(private1)
        .doesNotContain(sharing)
        .doesNotContain(privateKey.key().prefix())
        .doesNotContain(sharingKey.key().prefix());
    assertThat(console.locator("nav a[href$='/console/api']").getAttribute("aria-current"))
        .isEqualTo("page");
    console.context().close();
  }

  static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }

  /** A number in a row of one of the page's tables; 0 when the row is not there (yet). */
  static long cell(Page page, String table, String route, String field) {
    var cell =
        page.locator(
            "[data-table=" + table + "] tr[data-route='" + route + "'] [data-field=" + field + "]");
    return cell.count() == 0 ? 0 : Long.parseLong(cell.first().textContent().strip());
  }
}
