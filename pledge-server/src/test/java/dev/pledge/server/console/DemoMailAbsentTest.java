package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Outside {@code pledge demo} there is no demo mail server, so no page for it. */
@WithRunningServer
class DemoMailAbsentTest {

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;

  @Test
  @DisplayName("the Demo mail page and its nav entry exist only while the demo mail server runs")
  void absentOutsideTheDemo() throws Exception {
    ConsoleClient operator = ConsoleClient.signedIn(port, accounts, "no-demo-mail", "127.0.6.40");
    assertThat(operator.get("/console/demo-mail").status()).isEqualTo(404);
    String csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
    assertThat(
            operator
                .post(
                    "/console/demo-mail/send",
                    Map.of("_csrf", csrf, "from", "a@example.org", "subject", "x", "text", "y"))
                .status())
        .isEqualTo(404);
    assertThat(operator.get("/console/requests").body()).doesNotContain("Demo mail");
  }
}
