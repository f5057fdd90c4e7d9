package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The headers of every public page, read with a plain HTTP client that sends paths exactly as given
 * (issue 11): a content-security policy without {@code 'unsafe-inline'} on every HTML page, no HSTS
 * and no belief in forwarded headers unless a TLS proxy is declared, JSON errors in the {@code
 * errors} shape, and refused paths answered with the site's own 404 page.
 */
@WithRunningServer
class SecurityHeadersTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Markup a policy without 'unsafe-inline' would refuse: inline style, script, handlers. */
  static final Pattern INLINE =
      Pattern.compile(
          "<style|\\sstyle\\s*=|<script(?![^>]*\\ssrc=)[^>]*>|\\son[a-z]+\\s*=|javascript:",
          Pattern.CASE_INSENSITIVE);

  @LocalServerPort int port;

  static void assertStrictPolicy(LocalHttp.Response r, String what) {
    assertThat(r.header("content-security-policy"))
        .as("%s: content-security policy", what)
        .isNotNull()
        // 'self', or stricter: the studio's pages allow nothing by default ('none')
        .satisfiesAnyOf(
            csp -> assertThat(csp).contains("default-src 'self'"),
            csp -> assertThat(csp).contains("default-src 'none'"))
        .contains("script-src 'self'")
        .contains("style-src 'self'")
        .contains("object-src 'none'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline")
        .doesNotContain("unsafe-eval");
    assertThat(r.header("x-content-type-options")).as(what).isEqualTo("nosniff");
    assertThat(r.header("strict-transport-security"))
        .as("%s: no HSTS without a declared TLS proxy", what)
        .isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/",
        "/p/image-studio/",
        "/p/reference-site/",
        "/p/reference-site/formats/png",
        "/p/reference-site/privacy",
        "/p/image-studio/privacy",
        "/p/reference-site/privacy/requests",
        "/p/reference-site/privacy/requests/verify?token=not-a-token",
        "/p/reference-site/no-such-page",
        "/console/login",
        "/nothing-here"
      })
  @DisplayName("every HTML page carries a strict content-security policy and no inline markup")
  void everyHtmlPage(String path) throws IOException {
    LocalHttp.Response r = get("localhost", path, "text/html");
    assertThat(r.status()).as(path).isIn(200, 404);
    assertThat(r.header("content-type")).as(path).startsWith("text/html");
    assertStrictPolicy(r, path);
    assertThat(INLINE.matcher(r.body()).find())
        .as("%s has inline style, script or an event handler", path)
        .isFalse();
  }

  @Test
  @DisplayName(
      "the published policy links its stylesheet from its own origin instead of inlining it")
  void publishedPolicyStylesheet() throws IOException {
    for (String prefix : List.of("/p/reference-site", "/p/image-studio")) {
      LocalHttp.Response policy = get("localhost", prefix + "/privacy", "text/html");
      assertThat(policy.body())
          .doesNotContain("<style")
          .contains("<link rel=\"stylesheet\" href=\"" + prefix + "/privacy.css\">");
      LocalHttp.Response css = get("localhost", prefix + "/privacy.css", "text/css");
      assertThat(css.status()).isEqualTo(200);
      assertThat(css.header("content-type")).startsWith("text/css");
      assertThat(css.body()).contains("@media print");
    }
    LocalHttp.Response byHost = get("reference-site.localhost", "/privacy", "text/html");
    assertThat(byHost.body()).contains("<link rel=\"stylesheet\" href=\"/privacy.css\">");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/p/reference-site/%2e%2e/",
        "/p/reference-site/docs%2Findex",
        "/p/reference-site/a%00b",
        "/p/reference-site/a%5cb",
        "/p/reference-site/a%25b",
        "/p/reference-site/a;b=c",
        "/p/reference-site/../../x"
      })
  @DisplayName("a percent-encoded or dotted site path gets the site's 404 page with its headers")
  void refusedSitePaths(String path) throws IOException {
    for (LocalHttp.Response r :
        List.of(
            get("localhost", path, "text/html"),
            get("reference-site.localhost", path.substring("/p/reference-site".length()), "*/*"))) {
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.header("content-type")).as(path).startsWith("text/html");
      assertThat(r.body())
          .as(path)
          .contains("Page not found")
          .contains("site.css")
          .doesNotContain("HTTP Status")
          .doesNotContain("Tomcat");
      assertStrictPolicy(r, path);
      assertThat(r.header("referrer-policy")).isEqualTo("strict-origin-when-cross-origin");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/%2e%2e/", "/docs%2Findex", "/%00", "/a%5cb"})
  @DisplayName("a refused path on a host that names no property gets the error page, not Tomcat's")
  void refusedPathsElsewhere(String path) throws IOException {
    LocalHttp.Response r = get("localhost", path, "text/html");
    assertThat(r.status()).as(path).isEqualTo(404);
    assertThat(r.body()).contains("404").doesNotContain("HTTP Status").doesNotContain("<style");
    assertStrictPolicy(r, path);
    assertThat(r.header("x-frame-options")).isEqualTo("DENY");
  }

  @Test
  @DisplayName("without a declared TLS proxy, X-Forwarded-* headers change nothing")
  void forwardedHeadersIgnored() throws IOException {
    LocalHttp.Response r =
        send(
            "localhost:" + port,
            "/p/reference-site",
            Map.of(
                "X-Forwarded-Proto", "https",
                "X-Forwarded-Host", "evil.example",
                "X-Forwarded-For", "203.0.113.9",
                "Accept", "text/html"));
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.header("location")).isEqualTo("http://localhost:" + port + "/p/reference-site/");
    assertThat(r.header("strict-transport-security")).isNull();
  }

  @Test
  @DisplayName(
      "errors for clients that are not browsers are JSON in the errors shape, echoing nothing")
  void jsonErrors() throws IOException {
    LocalHttp.Response missing = get("localhost", "/nothing-here-secret-path", "application/json");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.header("content-type")).startsWith("application/json");
    JsonNode errors = JSON.readTree(missing.body()).get("errors");
    assertThat(errors.get("path").asText()).isEqualTo("Nothing is served at this address.");
    assertThat(missing.body()).doesNotContain("secret-path").doesNotContain("timestamp");
    assertThat(ErrorResponses.body(org.springframework.http.HttpStatus.PAYLOAD_TOO_LARGE))
        .isEqualTo(Map.of("errors", Map.of("body", "The request body is too large; send less.")));
    assertThat(ErrorResponses.body(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS))
        .extracting(b -> ((Map<?, ?>) b.get("errors")).get("request"))
        .asString()
        .contains("Retry-After");
  }

  private LocalHttp.Response get(String host, String path, String accept) throws IOException {
    return send(host, path, Map.of("Accept", accept));
  }

  private LocalHttp.Response send(String host, String path, Map<String, String> headers)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder request = new StringBuilder();
      request.append("GET ").append(path).append(" HTTP/1.1\r\n");
      request.append("Host: ").append(host).append("\r\nConnection: close\r\n");
      headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return LocalHttp.read(socket.getInputStream());
    }
  }
}
