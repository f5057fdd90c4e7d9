package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeServer;
import dev.pledge.server.TestMailServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * A server whose operator declared a TLS proxy on 127.0.0.1 ({@code pledge.behind-tls-proxy}, issue
 * 11): the proxy's X-Forwarded-* headers are believed from that address only — the client's scheme,
 * host and address, HSTS over https — and the same headers from anywhere else change nothing.
 * (Without the declaration nothing is believed: SecurityHeadersTest.)
 */
@SpringBootTest(
    classes = PledgeServer.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "pledge.embedded-database.ephemeral=true",
      "pledge.data-dir=target/test-proxy-data",
      "pledge.analytics.ingest-port=0",
      "pledge.mail.imap.poll-interval=PT1H",
      "pledge.behind-tls-proxy=true",
      "pledge.trusted-proxies=127.0.0.1/32"
    })
@ContextConfiguration(initializers = TestMailServer.class)
class BehindTlsProxyTest {

  private static final Map<String, String> FROM_TLS =
      Map.of(
          "X-Forwarded-Proto", "https",
          "X-Forwarded-Host", "pledge.example.net",
          "X-Forwarded-For", "203.0.113.50");

  @LocalServerPort int port;

  private ConsoleClient.Response get(String from, String path, Map<String, String> headers)
      throws Exception {
    return new ConsoleClient(port, from, "localhost:" + port).send("GET", path, null, headers);
  }

  @Test
  @DisplayName(
      "B-10 through the declared proxy over https: HSTS on pages, https redirects to the client's host")
  void trustedProxy() throws Exception {
    for (String path : new String[] {"/", "/p/reference-site/", "/console/login"}) {
      ConsoleClient.Response r = get("127.0.0.1", path, FROM_TLS);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("strict-transport-security")).as(path).isEqualTo("max-age=31536000");
    }
    ConsoleClient.Response redirect = get("127.0.0.1", "/p/reference-site", FROM_TLS);
    assertThat(redirect.location()).isEqualTo("https://pledge.example.net/p/reference-site/");

    ConsoleClient.Response plain = get("127.0.0.1", "/", Map.of("X-Forwarded-For", "203.0.113.50"));
    assertThat(plain.header("strict-transport-security"))
        .as("the proxy says the client came over http")
        .isNull();
  }

  @Test
  @DisplayName("the same headers from an address that is not the declared proxy are ignored")
  void untrustedSender() throws Exception {
    ConsoleClient.Response r = get("127.0.0.2", "/p/reference-site", FROM_TLS);
    assertThat(r.location()).isEqualTo("http://localhost:" + port + "/p/reference-site/");
    assertThat(get("127.0.0.2", "/", FROM_TLS).header("strict-transport-security")).isNull();
  }

  @Test
  @DisplayName(
      "the sign-in throttle keys on the client address the proxy reports, the right-most one it"
          + " did not add itself")
  void clientAddressFromTheProxy() throws Exception {
    ConsoleClient attacker = new ConsoleClient(port, "127.0.0.1", "localhost:" + port);
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(login(attacker, "203.0.113.10").location()).endsWith("/console/login?error");
    }
    assertThat(login(attacker, "203.0.113.10").location()).contains("/console/login?locked=");
    assertThat(login(attacker, "198.51.100.1, 203.0.113.10").location())
        .as("an address the client wrote in front of the header does not help")
        .contains("/console/login?locked=");
    ConsoleClient neighbour = new ConsoleClient(port, "127.0.0.1", "localhost:" + port);
    assertThat(login(neighbour, "203.0.113.11").location())
        .as("another client behind the same proxy")
        .endsWith("/console/login?error");
  }

  /** A wrong password for "someone", as the proxy forwards it for {@code forwardedFor}. */
  private static ConsoleClient.Response login(ConsoleClient client, String forwardedFor)
      throws Exception {
    String page = client.get("/console/login").body();
    Map<String, String> form = new LinkedHashMap<>();
    form.put("username", "someone");
    form.put("password", "not the password");
    form.put("_csrf", ConsoleClient.csrf(page));
    StringBuilder body = new StringBuilder();
    form.forEach(
        (k, v) ->
            body.append(body.isEmpty() ? "" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return client.send(
        "POST",
        "/console/login",
        body.toString(),
        Map.of(
            "Content-Type", "application/x-www-form-urlencoded", "X-Forwarded-For", forwardedFor));
  }
}
