package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.processors.ProcessorGate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's "Data flows" page in a real browser (B-25, B-31): each processor the studio's
 * policy declares with its categories, region and safeguard, and what the gate counted as sent to
 * it; the reference site, which declares none, says so.
 */
@WithRunningServer
@Tag("B-25")
@Tag("B-31")
class DataFlowsBrowserTest {

  static BrowserSession session;

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired ProcessorGate gate;

  @BeforeAll
  static void startBrowser() {
    session = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    session.close();
  }

  static long count(Locator row, String category) {
    Locator sent = row.locator("[data-sent='" + category + "']");
    return sent.count() == 0 ? 0 : Long.parseLong(sent.getAttribute("data-count"));
  }

  @Test
  @DisplayName("B-25 B-31 per processor: categories declared, region, safeguard and what was sent")
  void perProcessor() {
    String operator = "flows-" + System.nanoTime();
    accounts.create(operator, ConsoleLoginTest.PASSWORD);
    String base = "http://localhost:" + port;
    try (BrowserContext context = session.newContext()) {
      Page page = context.newPage();
      RequestQueueBrowserTest.signIn(page, base, operator);
      page.navigate(base + "/console/data-flows");
      Locator studio = page.locator("section[data-property=image-studio]");
      Locator ai = studio.locator("tr[data-processor='Example AI Model Provider']");
      long before = count(ai, "user.content.prompts");

      gate.send(
          "image-studio",
          "Example AI Model Provider",
          "eu",
          false,
          List.of("user.content.source_images", "user.content.prompts"));
      page.navigate(base + "/console/data-flows");

      assertThat(page.locator("nav a[aria-current=page]").textContent()).isEqualTo("Data flows");
      assertThat(studio.locator("tbody tr[data-processor]").count()).isEqualTo(6);
      assertThat(ai.locator("[data-region]").textContent()).isEqualTo("apac");
      assertThat(ai.locator("[data-safeguard]").textContent()).isEqualTo("scc");
      assertThat(ai.locator("td").nth(1).textContent())
          .contains("user.content.source_images", "user.content.prompts");
      assertThat(count(ai, "user.content.prompts")).isEqualTo(before + 1);
      assertThat(count(ai, "user.content.source_images")).isPositive();
      Locator payments = studio.locator("tr[data-processor='Example Payments Ltd.']");
      assertThat(payments.locator("[data-region]").textContent()).isEqualTo("us");
      assertThat(payments.locator("[data-safeguard]").textContent()).isEqualTo("adequacy");
      assertThat(
              studio
                  .locator("tr[data-processor='Example Cloud Hosting Inc.'] [data-region]")
                  .textContent())
          .isEqualTo("each storage region");
      assertThat(page.locator("section[data-property=reference-site] [data-none]").count())
          .isEqualTo(1);
      BrowserSession.screenshot(page, "console-data-flows");
    }
  }
}
