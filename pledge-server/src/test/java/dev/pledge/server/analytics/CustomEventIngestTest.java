package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Plausible's custom events at the door: a name the policy declares is stored with the property
 * keys it declares, each value scrubbed like a page address; anything else is dropped.
 */
@WithRunningServer
class CustomEventIngestTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/p/reference-site/api/event"))
            .header("Content-Type", "text/plain")
            .header("User-Agent", IngestEndpointTest.FIREFOX)
            .header("X-Forwarded-For", "198.51.100.23")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static String event(String name, String path, String props) {
    return "{\"n\":\""
        + name
        + "\",\"u\":\"https://reference.example.org"
        + path
        + "\",\"d\":\"reference.example.org\""
        + (props == null ? "" : ",\"p\":" + props)
        + "}";
  }

  /** name, path and props of what was stored for a path. */
  List<List<String>> stored(String path) {
    return jdbc.sql(
            "select name, path, props from analytics_event where property_id = 'reference-site'"
                + " and path = :p order by received_at")
        .param("p", path)
        .query(
            (rs, i) -> java.util.Arrays.asList(rs.getString(1), rs.getString(2), rs.getString(3)))
        .list();
  }

  @Test
  @DisplayName("A-05 a declared event is kept with its declared property, scrubbed; others are not")
  void declaredEventKeepsDeclaredPropertiesScrubbed() throws Exception {
    String path = "/custom-events/declared";
    HttpResponse<String> r =
        post(
            event(
                "File Download",
                path,
                "{\"url\":\"https://reference.example.org/images/alpha-disc.png?for=ann@example.com"
                    + "&t=8f14e45fceea167a5a36dedd4bea2543\",\"email\":\"ann@example.com\","
                    + "\"author\":\"Ann\"}"));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.headers().firstValue("X-Pledge-Dropped")).isEmpty();
    assertThat(stored(path))
        .containsExactly(
            List.of(
                "File Download",
                path,
                "{\"url\":\"https://reference.example.org/images/alpha-disc.png?for=:email"
                    + "&t=:token\"}"));
  }

  @Test
  @DisplayName("A-01 an event the policy does not declare is dropped, whatever it carries")
  void undeclaredEventIsDropped() throws Exception {
    String path = "/custom-events/undeclared";
    for (String name : List.of("Signup", "file download", "Purchase")) {
      HttpResponse<String> r = post(event(name, path, "{\"plan\":\"pro\"}"));
      assertThat(r.statusCode()).as(name).isEqualTo(202);
      assertThat(r.headers().firstValue("X-Pledge-Dropped"))
          .as(name)
          .hasValue("event-not-collected");
    }
    assertThat(stored(path)).isEmpty();
  }

  @Test
  @DisplayName("A-05 page views keep no custom properties: the policy declares none for them")
  void pageviewsKeepNoProperties() throws Exception {
    String path = "/custom-events/pageview";
    assertThat(post(event("pageview", path, "{\"url\":\"https://x.example/\"}")).statusCode())
        .isEqualTo(202);
    assertThat(stored(path)).containsExactly(java.util.Arrays.asList("pageview", path, null));
  }

  @Test
  @DisplayName("A-05 a declared event without its property, or with a value that is only personal")
  void declaredEventWithNothingToKeep() throws Exception {
    String path = "/custom-events/nothing";
    assertThat(post(event("Outbound Link: Click", path, null)).statusCode()).isEqualTo(202);
    assertThat(post(event("Outbound Link: Click", path, "{\"url\":null}")).statusCode())
        .isEqualTo(202);
    assertThat(stored(path))
        .containsExactly(
            java.util.Arrays.asList("Outbound Link: Click", path, null),
            java.util.Arrays.asList("Outbound Link: Click", path, null));
  }
}
