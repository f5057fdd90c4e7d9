package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A visitor who objects to analytics keeps out of them: the events are anonymised at
 * collection, so an objection cannot be matched to stored data afterwards; instead the collector
 * does not record a page view from a browser that sends Global Privacy Control or Do Not Track — on
 * the main port and on the lean listener alike — unless the operator turns that off.
 */
@WithRunningServer
class OptOutSignalTest {

  @LocalServerPort int port;
  @Autowired IngestListener listener;
  @Autowired JdbcClient jdbc;
  @Autowired PolicyCatalog catalog;
  @Autowired DailySalts salts;
  @Autowired UserAgentReducer reducer;
  @Autowired CountryLookup countries;
  @Autowired EventWriter writer;
  @Autowired AnalyticsSettings settings;
  @Autowired Clock clock;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> send(String base, String path, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/event"))
            .header("Content-Type", "text/plain")
            .header("User-Agent", IngestEndpointTest.CHROME)
            .POST(HttpRequest.BodyPublishers.ofString(IngestEndpointTest.pageview(path, null)));
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Letters only: the collector scrubs runs of digits from paths as possible identifiers. */
  static String unique() {
    StringBuilder s = new StringBuilder();
    for (long v = System.nanoTime(); v > 0; v /= 26) {
      s.append((char) ('a' + v % 26));
    }
    return s.toString();
  }

  long stored(String path) {
    return jdbc.sql("select count(*) from analytics_event where path = :p")
        .param("p", path)
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName(
      "A-15 a page view with Sec-GPC: 1 or DNT: 1 is not recorded, on both ports; without them it"
          + " is")
  void signalsKeepTheVisitOut() throws Exception {
    String n = unique();
    for (String base :
        List.of(
            "http://localhost:" + port + "/p/reference-site",
            "http://127.0.0.1:" + listener.port())) {
      String gpc = "/opt-out/" + n + "/gpc";
      String dnt = "/opt-out/" + n + "/dnt";
      String off = "/opt-out/" + n + "/zero";
      String plain = "/opt-out/" + n + "/plain";
      HttpResponse<String> r = send(base, gpc, Map.of("Sec-GPC", "1"));
      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(r.headers().firstValue("X-Pledge-Dropped")).contains("opt-out-signal");
      assertThat(send(base, dnt, Map.of("DNT", "1")).headers().firstValue("X-Pledge-Dropped"))
          .contains("opt-out-signal");
      // DNT: 0 says the visitor agrees; it is not an objection
      assertThat(send(base, off, Map.of("DNT", "0")).headers().firstValue("X-Pledge-Dropped"))
          .isEmpty();
      assertThat(send(base, plain, Map.of()).statusCode()).isEqualTo(202);
      assertThat(stored(gpc) + stored(dnt)).as(base).isZero();
      assertThat(stored(off)).as(base).isEqualTo(1);
      assertThat(stored(plain)).as(base).isEqualTo(1);
      n = n + "x";
    }
  }

  @Test
  @DisplayName("A-15 with pledge.analytics.honour-opt-out-signals=false the signals are ignored")
  void settingTurnsItOff() throws Exception {
    AnalyticsSettings off =
        new AnalyticsSettings(
            settings.trustedProxies(),
            settings.queueCapacity(),
            settings.writers(),
            settings.eventsPerSecondPerClient(),
            settings.burstPerClient(),
            settings.excludedPaths(),
            settings.ingestPort(),
            settings.geoipDatabase(),
            false,
            settings.frontDoor());
    EventIngest ingest =
        new EventIngest(
            catalog, salts, reducer, countries, writer, off, settings.trustedProxies(), clock);
    String path = "/opt-out/" + unique() + "/ignored";
    byte[] body = IngestEndpointTest.pageview(path, null).getBytes(StandardCharsets.UTF_8);
    IngestOutcome outcome =
        ingest.ingest(
            body, body.length, "127.0.0.1", "10.9.8.7", null, IngestEndpointTest.CHROME, true);
    assertThat(outcome).isInstanceOf(IngestOutcome.Accepted.class);
    ((IngestOutcome.Accepted) outcome).stored().get();
    assertThat(stored(path)).isEqualTo(1);
    assertThat(settings.honourOptOutSignals()).as("on by default").isTrue();
  }
}
