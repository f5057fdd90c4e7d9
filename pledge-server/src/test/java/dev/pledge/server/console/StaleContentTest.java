package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.LiveNumbers;
import dev.pledge.server.policy.PolicyCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

@WithRunningServer
class StaleContentTest {

  @LocalServerPort int port;
  @Autowired StaleContent stale;
  @Autowired PolicyCatalog catalog;
  @Autowired AnalyticsDashboard analytics;
  @Autowired ApplicationContext context;

  void read(String path, int times) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < times; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://localhost:" + port + "/p/reference-site/api/event"))
                  .header(
                      "User-Agent",
                      "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")
                  .header("X-Forwarded-For", "198.51.100." + (10 + i))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"n\":\"pageview\",\"d\":\"reference.example.org\",\"u\":\"http://localhost/p/reference-site"
                              + path
                              + "\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(r.headers().firstValue("X-Pledge-Dropped")).isEmpty();
    }
  }

  @Test
  @DisplayName("A-07 popular pages updated more than a year ago are listed for the editors")
  void listsPopularOldPages() throws Exception {
    read("/formats/png", 3); // updated 2023-05-10
    read("/concepts/compression", 1); // updated 2024-08-30
    read("/formats/avif", 5); // updated 2026-09-14: recent, not stale
    LiveNumbers.refresh(context, "reference-site");
    LocalDate today = analytics.today();
    var property = catalog.byId("reference-site").orElseThrow();
    var rows = stale.popularButOld(property, new DashboardRange(today, today), 10);
    assertThat(rows)
        .extracting(StaleContent.StalePage::path)
        .contains("/formats/png", "/concepts/compression")
        .doesNotContain("/formats/avif")
        .containsSubsequence("/formats/png", "/concepts/compression");
    assertThat(
            rows.get(
                    rows.indexOf(
                        rows.stream()
                            .filter(r -> r.path().equals("/formats/png"))
                            .findFirst()
                            .orElseThrow()))
                .updated())
        .isEqualTo(LocalDate.of(2023, 5, 10));
  }
}
