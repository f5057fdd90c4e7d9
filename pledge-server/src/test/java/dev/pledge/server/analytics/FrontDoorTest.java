package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithRunningServer
@ExtendWith(OutputCaptureExtension.class)
@DisplayName("the main port: a lean front door for events, Tomcat behind it for the rest")
class FrontDoorTest {

  @LocalServerPort int port;
  @Autowired WebServerApplicationContext web;
  @Autowired JdbcClient jdbc;
  @Autowired PledgeSettings settings;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  int tomcatPort() {
    return web.getWebServer().getPort();
  }

  HttpResponse<String> post(int to, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + path))
            .header("User-Agent", IngestEndpointTest.CHROME)
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  long stored(String path) {
    return jdbc.sql("select count(*) from analytics_event where path = :p")
        .param("p", path)
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName("the server's port is the front door; Tomcat listens on another, loopback port")
  void frontDoorOwnsThePort() {
    assertThat(port).isPositive().isNotEqualTo(tomcatPort());
  }

  @Test
  @DisplayName("A-04 events on the main port, under /p/{id}/ and on a property host are stored")
  void eventsOnTheMainPort() throws Exception {
    String plain = "/front-door/" + letters();
    HttpResponse<String> r = post(port, "/api/event", IngestEndpointTest.pageview(plain, null));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("ok");
    // The headers the servlet stack used to add stay; trackers on the same origin need no CORS.
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(stored(plain)).isEqualTo(1);

    String prefixed = "/front-door/" + letters();
    assertThat(
            post(port, "/p/reference-site/api/event", IngestEndpointTest.pageview(prefixed, null))
                .statusCode())
        .isEqualTo(202);
    assertThat(stored(prefixed)).isEqualTo(1);

    String onHost = "/front-door/" + letters();
    String body = IngestEndpointTest.pageview(onHost, null);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket
          .getOutputStream()
          .write(
              ("POST /api/event HTTP/1.1\r\nHost: reference-site.localhost\r\nUser-Agent: "
                      + IngestEndpointTest.CHROME
                      + "\r\nContent-Length: "
                      + body.length()
                      + "\r\nConnection: close\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.ISO_8859_1));
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 202");
    }
    assertThat(stored(onHost)).isEqualTo(1);

    // An unknown property's prefix is not an event: Tomcat answers as for any unknown property.
    assertThat(post(port, "/p/no-such-site/api/event", body).statusCode()).isEqualTo(404);
  }

  @Test
  @DisplayName("pages, redirects, HEAD and refusals pass through to Tomcat unchanged")
  void everythingElseIsRelayed() throws Exception {
    HttpResponse<String> page =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p/reference-site/"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("</html>");
    HttpResponse<String> redirect =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p/reference-site"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location").orElse("")).endsWith("/p/reference-site/");
    HttpResponse<Void> head =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/p/reference-site/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    assertThat(head.statusCode()).isEqualTo(200);
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/event")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  @DisplayName("pipelined requests on one connection are answered in order, relayed or not")
  void pipelinedRequestsKeepTheirOrder() throws Exception {
    String path = "/front-door/" + letters();
    String body = IngestEndpointTest.pageview(path, null);
    String page = "GET /p/reference-site/ HTTP/1.1\r\nHost: localhost\r\n\r\n";
    String event =
        "POST /api/event HTTP/1.1\r\nHost: localhost\r\nUser-Agent: "
            + IngestEndpointTest.CHROME
            + "\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    String last =
        "GET /p/reference-site/privacy HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write((page + event + page + last).getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      String all = new String(readAll(socket.getInputStream()), StandardCharsets.ISO_8859_1);
      // Bodies need not end with a line break, so status lines are found anywhere.
      List<String> statuses =
          java.util.regex.Pattern.compile("HTTP/1\\.1 (\\d{3}) ")
              .matcher(all)
              .results()
              .map(m -> m.group(1))
              .toList();
      assertThat(statuses).containsExactly("200", "202", "200", "200");
      assertThat(all.indexOf("HTTP/1.1 202")).isGreaterThan(all.indexOf("</html>"));
    }
    assertThat(stored(path)).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "A-06 Tomcat sees the client's own address, which a client cannot forge; the secret stays")
  void clientAddressReachesTomcat() throws Exception {
    // Tomcat's own access log writes the (masked) client address: from ::1 it must not be the
    // front door's loopback IPv4 connection.
    String honest = "/p/reference-site/front-door-peer-" + letters();
    String forged = "/p/reference-site/front-door-forged-" + letters();
    http.send(
        HttpRequest.newBuilder(URI.create("http://[::1]:" + port + honest)).build(),
        HttpResponse.BodyHandlers.discarding());
    http.send(
        HttpRequest.newBuilder(URI.create("http://[::1]:" + port + forged))
            .header(FrontDoorPeerValve.HEADER, "guessed-secret 203.0.113.9")
            .build(),
        HttpResponse.BodyHandlers.discarding());
    String honestLine = accessLogLine(honest);
    String forgedLine = accessLogLine(forged);
    assertThat(firstField(honestLine)).doesNotStartWith("127.").contains(":");
    assertThat(firstField(forgedLine)).doesNotStartWith("127.").contains(":");
    assertThat(forgedLine).doesNotContain("203.0.113");
    // Straight to Tomcat's loopback port with a guessed secret: the header is not believed.
    String direct = "/p/reference-site/front-door-direct-" + letters();
    http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tomcatPort() + direct))
            .header(FrontDoorPeerValve.HEADER, "guessed-secret 203.0.113.9")
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(accessLogLine(direct)).startsWith("127.").doesNotContain("203.0.113");
  }

  @Test
  @DisplayName(
      "an event through /p/{id}/api/event logs no error and no stack trace, on the front door or"
          + " straight into Tomcat")
  void eventsUnderThePrefixLogNothing(CapturedOutput output) throws Exception {
    int before = output.length();
    for (int to : new int[] {port, tomcatPort()}) {
      String path = "/front-door/quiet-" + letters();
      HttpResponse<String> r =
          post(to, "/p/reference-site/api/event", IngestEndpointTest.pageview(path, null));
      assertThat(r.statusCode()).as("port %d", to).isEqualTo(202);
      assertThat(stored(path)).as("port %d", to).isEqualTo(1);
    }
    assertThat(post(tomcatPort(), "/p/reference-site/api/event", "{}garbage").statusCode())
        .isEqualTo(400);
    Thread.sleep(200); // an error logged after the answer would come now
    String logged = output.toString().substring(before);
    assertThat(logged)
        .doesNotContain("ERROR")
        .doesNotContain("Exception")
        .doesNotContain("Invalid contextPath")
        .doesNotContainPattern("\\n\\s+at [a-z]");
  }

  @Test
  @DisplayName("events straight into Tomcat take the lean filter with the same answers")
  void tomcatAnswersEventsToo() throws Exception {
    String path = "/front-door/tomcat-" + letters();
    HttpResponse<String> r =
        post(tomcatPort(), "/api/event", IngestEndpointTest.pageview(path, null));
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    assertThat(stored(path)).isEqualTo(1);
    HttpResponse<String> invalid =
        post(
            tomcatPort(),
            "/api/event",
            "{\"n\":\"engagement\",\"u\":\"https://reference.example.org/x\","
                + "\"d\":\"reference.example.org\",\"e\":1e999}");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).contains("\"e\"");
    assertThat(
            post(tomcatPort(), "/api/event", "{\"n\":\"" + "x".repeat(20_000) + "\"}").statusCode())
        .isEqualTo(413);
  }

  /** A path segment the URL scrubber keeps as it is: letters only, no id-like digits. */
  private static String letters() {
    StringBuilder s = new StringBuilder();
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    for (int i = 0; i < 12; i++) {
      s.append((char) ('a' + r.nextInt(26)));
    }
    return s.toString();
  }

  private static String firstField(String line) {
    return line.substring(0, line.indexOf(' '));
  }

  private String accessLogLine(String path) throws Exception {
    Path dir = settings.dataDir().resolve("logs").resolve("access");
    for (int attempt = 0; attempt < 50; attempt++) {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.toList()) {
          for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
            if (line.contains(path)) {
              return line;
            }
          }
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no access log line for " + path);
  }

  private static byte[] readAll(InputStream in) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }
}
