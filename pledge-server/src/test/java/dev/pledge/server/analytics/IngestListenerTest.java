package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithRunningServer
@DisplayName("the lean ingest listener answers exactly as the main port does")
class IngestListenerTest {

  @Autowired IngestListener listener;
  @Autowired JdbcClient jdbc;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + path))
            .header("User-Agent", IngestEndpointTest.CHROME)
            .header("Content-Type", "text/plain")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void acceptsStoresAndAllowsCrossOriginTrackers() throws Exception {
    HttpResponse<String> r =
        send(
            "POST",
            "/api/event",
            IngestEndpointTest.pageview("/listener-test/page", "https://www.bing.com/"));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("ok");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(
            jdbc.sql("select source from analytics_event where path = '/listener-test/page'")
                .query(String.class)
                .single())
        .isEqualTo("Bing");
  }

  @Test
  void sameRefusalsAsTheMainPort() throws Exception {
    assertThat(send("POST", "/api/event", "{\"n\":\"pageview\"}").statusCode()).isEqualTo(400);
    HttpResponse<String> bot =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listener.port() + "/api/event"))
                .header(
                    "User-Agent",
                    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
                .POST(HttpRequest.BodyPublishers.ofString(IngestEndpointTest.pageview("/x", null)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bot.statusCode()).isEqualTo(202);
    assertThat(bot.headers().firstValue("X-Pledge-Dropped")).contains("bot");
    assertThat(send("POST", "/api/event", "{\"n\":\"" + "x".repeat(20_000) + "\"}").statusCode())
        .isEqualTo(413);
    assertThat(send("GET", "/api/event", null).statusCode()).isEqualTo(405);
    assertThat(send("POST", "/anything-else", "{}").statusCode()).isEqualTo(404);
    assertThat(send("OPTIONS", "/api/event", null).statusCode()).isEqualTo(204);
  }
}
