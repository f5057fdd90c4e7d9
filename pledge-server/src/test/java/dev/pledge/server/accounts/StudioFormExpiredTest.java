package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.console.ConsoleClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A studio form posted without its CSRF token, or with a stale one, is refused with 403 and the
 * studio's "the form expired" page (problem details for a script) — it used to be a 404, as if the
 * page did not exist, while the console and everything else answered 403.
 */
@WithRunningServer
class StudioFormExpiredTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName(
      "a studio form without its CSRF token (signed in or not) or with a wrong one answers 403"
          + " with the studio's form-expired page; a script gets problem+json")
  void aPostWithoutItsTokenIsA403() throws Exception {
    ConsoleClient anonymous = ConsoleClient.anonymous(port, "127.0.21.1");
    anonymous.get("/p/image-studio/sign-in");
    assertExpiredPage(
        anonymous.post("/p/image-studio/sign-in", Map.of("login", "nobody", "password", "x")),
        "signed out, the sign-in form");

    StudioTestAccounts.Account account = StudioTestAccounts.create(jdbc, "Expired Form", "en");
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.21.2");
    assertThat(StudioTestAccounts.signIn(studio, account).status()).isEqualTo(302);
    assertThat(studio.get("/p/image-studio/account").status()).isEqualTo(200);
    assertExpiredPage(
        studio.post("/p/image-studio/account/profile", Map.of("name", "New Name")),
        "signed in, no token");
    assertExpiredPage(
        studio.post(
            "/p/image-studio/account/profile",
            Map.of("name", "New Name", "_csrf", "not-the-token")),
        "signed in, a wrong token");

    ConsoleClient.Response script =
        studio.send(
            "POST",
            "/p/image-studio/images/projects",
            "{}",
            Map.of("Content-Type", "application/json", "Accept", "application/json"));
    assertThat(script.status()).isEqualTo(403);
    assertThat(script.header("content-type")).startsWith("application/problem+json");
    JsonNode problem = JSON.readTree(script.body());
    assertThat(problem.get("status").asInt()).isEqualTo(403);
    assertThat(problem.get("title").asText()).isEqualTo("This form has expired");
    assertThat(problem.get("detail").asText()).contains("reload the page and try again");
    assertThat(problem.get("error").asText()).isEqualTo(problem.get("detail").asText());
  }

  private static void assertExpiredPage(ConsoleClient.Response r, String what) {
    assertThat(r.status()).as(what).isEqualTo(403);
    assertThat(r.header("content-type")).as(what).startsWith("text/html");
    assertThat(r.body())
        .as(what)
        .contains("<h1>This form has expired</h1>")
        .contains("reload the page and try again")
        // The studio's layout (its footer's privacy center link), not the server's error page.
        .contains("/p/image-studio/privacy/requests");
    assertThat(r.header("content-security-policy")).as(what).contains("script-src 'self'");
  }
}
