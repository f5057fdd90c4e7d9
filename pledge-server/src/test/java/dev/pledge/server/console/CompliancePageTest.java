package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionGap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithRunningServer
class CompliancePageTest {

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;

  private ConsoleClient operator;

  @BeforeEach
  void signIn() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "compliance-reader", "127.0.2.10");
  }

  @Test
  @DisplayName(
      "the Compliance page shows verify's result and the retention plan, and nothing as not"
          + " enforced")
  void compliancePage() throws Exception {
    ConsoleClient.Response page = operator.get("/console/compliance?check=now");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-verify=")
        .contains("data-table=\"retention-plan\"")
        .contains("analytics.raw-events")
        .contains("Aggregated indefinitely; raw data 90 days")
        .doesNotContain("P90D")
        // every collected category is enforced: no "not enforced" finding for either property
        .doesNotContain("data-kind=\"not-enforced\"")
        .contains("name=\"_csrf\"");
  }

  @Test
  @DisplayName("a retention gap is listed under its property, with what to do about it")
  void gapsAreGroupedUnderTheirProperty() {
    var found =
        ComplianceFindings.group(
            List.of(),
            List.of(new RetentionGap("image-studio", "user.content.x", "no store holds it")),
            id -> "Image Studio");
    assertThat(found)
        .singleElement()
        .satisfies(p -> assertThat(p.name()).isEqualTo("Image Studio"));
    assertThat(found.get(0).groups())
        .singleElement()
        .satisfies(g -> assertThat(g.advice().key()).isEqualTo("not-enforced"))
        .satisfies(
            g ->
                assertThat(g.items())
                    .containsExactly(
                        new ComplianceFindings.Item("user.content.x", "no store holds it", null)));
  }

  @Test
  @DisplayName("a sweep runs with the page's CSRF token and is refused without it")
  void sweepNeedsCsrf() throws Exception {
    assertThat(operator.post("/console/compliance/sweep", Map.of()).status()).isEqualTo(403);
    String token = ConsoleClient.csrf(operator.get("/console/compliance").body());
    ConsoleClient.Response done =
        operator.post("/console/compliance/sweep", Map.of("_csrf", token));
    assertThat(done.status()).isEqualTo(302);
    assertThat(done.location()).endsWith("/console/compliance");
  }
}
