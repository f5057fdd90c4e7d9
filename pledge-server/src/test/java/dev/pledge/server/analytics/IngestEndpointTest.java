package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.DatabaseDump;
import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithRunningServer
class IngestEndpointTest {

  static final String CHROME =
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";
  static final String FIREFOX =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0";

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> post(String body, String userAgent, String forwardedFor) throws Exception {
    return http.send(request(body, userAgent, forwardedFor), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest request(String body, String userAgent, String forwardedFor) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/p/reference-site/api/event"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (userAgent != null) {
      b.header("User-Agent", userAgent);
    }
    if (forwardedFor != null) {
      b.header("X-Forwarded-For", forwardedFor);
    }
    return b.build();
  }

  static String pageview(String path, String referrer) {
    return "{\"n\":\"pageview\",\"u\":\"https://reference.example.org"
        + path
        + "\",\"d\":\"reference.example.org\",\"r\":"
        + (referrer == null ? "null" : "\"" + referrer + "\"")
        + "}";
  }

  long stored(String path) {
    return jdbc.sql(
            "select count(*) from analytics_event where property_id = 'reference-site' and path = :p")
        .param("p", path)
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName(
      "A-04 an accepted page view answers 202 ok only once stored, reduced to source and channel")
  void acceptsAndStores() throws Exception {
    HttpResponse<String> r =
        post(pageview("/ingest-test/accepted", "https://www.google.co.uk/"), CHROME, "192.0.2.10");
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.headers().firstValue("X-Pledge-Dropped")).isEmpty();
    var row =
        jdbc.sql(
                "select source, channel, browser, os, device from analytics_event where path = '/ingest-test/accepted'")
            .query(
                (rs, i) ->
                    List.of(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5)))
            .single();
    assertThat(row).containsExactly("Google", "search", "Chrome", "Linux", "desktop");
  }

  @Test
  @DisplayName("events dropped on purpose answer 202 with X-Pledge-Dropped and store nothing")
  void dropsOnPurpose() throws Exception {
    assertDropped(
        post(
            pageview("/ingest-test/bot", null),
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            null),
        "bot");
    assertDropped(post(pageview("/ingest-test/noua", null), null, null), "bot");
    assertDropped(
        post(
            "{\"n\":\"pageview\",\"u\":\"https://other.example/x\",\"d\":\"other.example\"}",
            CHROME,
            null),
        "unknown-domain");
    assertDropped(
        post(
            "{\"n\":\"signup\",\"u\":\"https://reference.example.org/x\",\"d\":\"reference.example.org\"}",
            CHROME,
            null),
        "event-not-collected");
    assertDropped(
        post(
            "{\"n\":\"pageview\",\"u\":\"https://tracker.example.net/ingest-test/foreign\",\"d\":\"reference.example.org\"}",
            CHROME,
            null),
        "foreign-url");
    assertThat(
            stored("/ingest-test/bot")
                + stored("/ingest-test/noua")
                + stored("/ingest-test/foreign"))
        .isZero();
  }

  private static void assertDropped(HttpResponse<String> r, String reason) {
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.headers().firstValue("X-Pledge-Dropped")).contains(reason);
  }

  @Test
  @DisplayName("malformed bodies get 400 with a JSON errors object; oversized bodies 413")
  void rejectsBadInput() throws Exception {
    HttpResponse<String> missing = post("{\"n\":\"pageview\"}", CHROME, null);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(missing.body()).contains("\"errors\"").contains("\"url\"").contains("\"domain\"");
    HttpResponse<String> garbage = post("{{{{", CHROME, null);
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("\"body\"").doesNotContain("Exception");
    HttpResponse<String> relative =
        post("{\"n\":\"pageview\",\"u\":\"/x\",\"d\":\"reference.example.org\"}", CHROME, null);
    assertThat(relative.statusCode()).isEqualTo(400);
    HttpResponse<String> big = post("{\"n\":\"" + "x".repeat(20_000) + "\"}", CHROME, null);
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(big.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
    assertThat(big.body()).contains("\"errors\"").contains("16 KiB").contains("one event");
  }

  @Test
  @DisplayName(
      "an out-of-range number or text after the JSON is a 400 naming the field, not stored")
  void outOfRangeAndTrailingText() throws Exception {
    String huge =
        "{\"n\":\"engagement\",\"u\":\"https://reference.example.org/ingest-test/huge\","
            + "\"d\":\"reference.example.org\",\"e\":1e999}";
    HttpResponse<String> r = post(huge, CHROME, null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"errors\"").contains("\"e\"").contains("86400000");
    HttpResponse<String> trailing =
        post(pageview("/ingest-test/trailing", null) + "garbage", CHROME, null);
    assertThat(trailing.statusCode()).isEqualTo(400);
    assertThat(trailing.body()).contains("\"body\"").contains("after the JSON object");
    assertThat(stored("/ingest-test/huge") + stored("/ingest-test/trailing")).isZero();
  }

  @Test
  @DisplayName(
      "A-06 client addresses and user-agent strings leave no trace in a full database dump")
  void noAddressInTheDatabase() throws Exception {
    List<String> addresses =
        List.of("198.51.100.23", "203.0.113.77", "2001:db8:85a3::8a2e:370:7334", "192.0.2.201");
    for (String ip : addresses) {
      assertThat(
              post(pageview("/ingest-test/a06", "https://duckduckgo.com/"), FIREFOX, ip)
                  .statusCode())
          .isEqualTo(202);
    }
    assertThat(stored("/ingest-test/a06")).isEqualTo(4);
    String dump = DatabaseDump.allRows(jdbc);
    assertThat(dump).contains("/ingest-test/a06");
    List<String> fragments = new ArrayList<>(addresses);
    fragments.addAll(
        List.of("198.51.100.", "203.0.113.", "2001:db8:85a3", "192.0.2.", "Gecko/20100101"));
    for (String fragment : fragments) {
      assertThat(dump).as("dump must not contain " + fragment).doesNotContain(fragment);
    }
    long visitors =
        jdbc.sql(
                "select count(distinct visitor_id) from analytics_event where path = '/ingest-test/a06'")
            .query(Long.class)
            .single();
    assertThat(visitors).as("four addresses are four visitors, without storing any").isEqualTo(4);
  }

  @Test
  @DisplayName("a flood from one client is rate-limited with 429, other clients are not")
  void floodIsRateLimited() throws Exception {
    List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> flood = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      flood.add(
          http.sendAsync(
              request(pageview("/ingest-test/flood", null), CHROME, "192.0.2.99"),
              HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> refused =
        flood.stream()
            .map(java.util.concurrent.CompletableFuture::join)
            .filter(r -> r.statusCode() == 429)
            .toList();
    long limited = refused.size();
    assertThat(limited).isPositive();
    assertThat(refused.get(0).headers().firstValue("Retry-After")).contains("1");
    assertThat(refused.get(0).body()).contains("\"errors\"").contains("wait a second");
    assertThat(stored("/ingest-test/flood")).isEqualTo(300 - limited);
    assertThat(post(pageview("/ingest-test/other", null), CHROME, "192.0.2.98").statusCode())
        .isEqualTo(202);
  }
}
