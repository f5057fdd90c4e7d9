package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.DatabaseDump;
import dev.pledge.server.LocalHttp;
import dev.pledge.server.PledgeServer;
import dev.pledge.server.TestMailServer;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * The analytics ingest believes X-Forwarded-For from exactly the proxies the whole server believes
 * ({@code pledge.trusted-proxies} behind a declared TLS proxy), on every way in: the front door on
 * the main port, the dedicated listener and the servlet filter in Tomcat. The settings are those of
 * {@code BehindTlsProxyTest}, so both share one running server; no {@code
 * pledge.analytics.trusted-proxies} is set. Without the declaration nothing is believed and the old
 * setting is only an alias: {@link IngestTrustedProxiesTest}.
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
class ForwardedClientAddressTest {

  private static final String CLIENT = "203.0.113.7";

  @LocalServerPort int port;
  @Autowired WebServerApplicationContext web;
  @Autowired IngestListener listener;
  @Autowired DailySalts salts;
  @Autowired JdbcClient jdbc;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"front door", "ingest listener", "tomcat"})
  @DisplayName(
      "A-06 an event through the declared proxy is hashed under the client's address it forwards,"
          + " which is stored nowhere")
  void fromTheDeclaredProxy(String way) throws Exception {
    String path = sendFrom("127.0.0.1", way, CLIENT);
    assertThat(visitorId(path)).as(way).isEqualTo(expectedVisitor(CLIENT));
    assertThat(DatabaseDump.allRows(jdbc)).contains(path).doesNotContain(CLIENT);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"front door", "ingest listener", "tomcat"})
  @DisplayName("A-06 the same header from an address that is not the declared proxy is ignored")
  void fromAnywhereElse(String way) throws Exception {
    String path = sendFrom("127.0.0.2", way, CLIENT);
    assertThat(visitorId(path)).as(way).isEqualTo(expectedVisitor("127.0.0.2"));
  }

  /** Posts a page view to a fresh path from {@code from}, forwarded for {@code forwardedFor}. */
  private String sendFrom(String from, String way, String forwardedFor) throws Exception {
    int to =
        switch (way) {
          case "front door" -> port;
          case "ingest listener" -> listener.port();
          default -> web.getWebServer().getPort();
        };
    String path = "/forwarded/" + letters();
    LocalHttp.Response r =
        LocalHttp.send(
            to,
            from,
            "localhost",
            "POST",
            "/p/reference-site/api/event",
            Map.of(
                "Content-Type",
                "text/plain",
                "User-Agent",
                IngestEndpointTest.CHROME,
                "X-Forwarded-For",
                forwardedFor),
            IngestEndpointTest.pageview(path, null));
    assertThat(r.status()).as(way + ": " + r.body()).isEqualTo(202);
    return path;
  }

  private long visitorId(String path) {
    return jdbc.sql("select visitor_id from analytics_event where path = :p")
        .param("p", path)
        .query(Long.class)
        .single();
  }

  private long expectedVisitor(String address) {
    return salts.today().visitorId("reference-site", address, IngestEndpointTest.CHROME);
  }

  /** A path segment the URL scrubber keeps as it is: letters only. */
  private static String letters() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      s.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return s.toString();
  }
}
