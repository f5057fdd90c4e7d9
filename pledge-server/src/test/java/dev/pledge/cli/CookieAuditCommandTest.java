package dev.pledge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.pledge.server.WithRunningServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code pledge verify --cookies} in headless Chromium: both demo properties are clean in every
 * state; a page that plants a cookie its policy does not declare is caught (exit 1).
 */
@WithRunningServer
class CookieAuditCommandTest {

  @LocalServerPort int port;

  @Test
  @DisplayName(
      "A-11 A-12 B-30 verify --cookies: the studio and the reference site are clean with no"
          + " choice, all refused, all accepted and GPC on")
  void bothSitesClean() {
    String base = "http://localhost:" + port;
    PolicyCommandTest.Run run =
        PolicyCommandTest.pledge(
            "verify",
            "--cookies",
            base + "/p/image-studio/",
            base + "/p/image-studio/sign-in",
            base + "/p/reference-site/",
            base + "/p/reference-site/privacy");
    assertThat(run.code()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .contains("Cookie audit of 4 pages in 4 states")
        .contains("No violations")
        .containsPattern(
            "all accepted +" + base + "/p/image-studio/\\n +cookies: .*cc_cookie \\(essential\\)")
        .containsPattern(
            "no choice +" + base + "/p/reference-site/\\n +cookies: none\\n +storage: none");
  }

  @Test
  @DisplayName(
      "B-30 verify --cookies: a cookie the policy does not declare is a violation (exit 1)")
  void plantedCookieCaught() throws Exception {
    // A site that publishes the reference site's policy (no cookies) but sets one anyway.
    String policy =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/p/reference-site/privacy.json"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    HttpServer planted = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    planted.createContext(
        "/privacy.json",
        x -> {
          byte[] body = policy.getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    planted.createContext(
        "/",
        x -> {
          byte[] body =
              "<!doctype html><title>Planted</title><p>Hello".getBytes(StandardCharsets.UTF_8);
          x.getResponseHeaders().add("Content-Type", "text/html");
          x.getResponseHeaders().add("Set-Cookie", "_ga=GA1.1.42.42; Path=/; Max-Age=3600");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    planted.start();
    try {
      String page = "http://127.0.0.1:" + planted.getAddress().getPort() + "/";
      PolicyCommandTest.Run run = PolicyCommandTest.pledge("verify", "--cookies", page);
      assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out())
          .contains("undeclared cookie  [no_choice]  " + page)
          .contains("_ga: not in the policy's cookie inventory")
          .contains("undeclared cookie  [gpc]");
    } finally {
      planted.stop(0);
    }
  }

  @Test
  @DisplayName("verify --cookies: an address that is not a web page is refused with how to fix it")
  void badAddress() {
    PolicyCommandTest.Run run = PolicyCommandTest.pledge("verify", "--cookies", "ftp://example/");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("'ftp://example/' is not an http(s) address");
  }
}
