package dev.pledge.server;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;

/**
 * A browser-like client in front of several server instances, as a round-robin load balancer
 * without sticky sessions sees them: each request goes to the next instance in turn, redirects are
 * followed through the balancer too, and the cookies are one jar for all of them (a browser knows
 * one site). Secure cookies are sent over plain HTTP, as the proxy that terminates TLS would.
 */
final class RoundRobinClient {

  /** What one instance answered. */
  record Answer(int instance, int status, String location, String body) {
    /** The value of the first form field named {@code name} in the page, such as the CSRF token. */
    String field(String name) {
      var input = Jsoup.parse(body).selectFirst("input[name=" + name + "]");
      if (input == null) {
        throw new AssertionError("no field " + name + " on the page (status " + status + ")");
      }
      return input.attr("value");
    }
  }

  private final List<Integer> ports;
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private int next;

  RoundRobinClient(List<Integer> ports) {
    this.ports = List.copyOf(ports);
  }

  /** The instance (index into the ports) the next request goes to. */
  int nextInstance() {
    return next % ports.size();
  }

  /** GET, following redirects (each hop to the next instance). */
  Answer get(String path) throws IOException, InterruptedException {
    Answer a = send(HttpRequest.newBuilder().GET(), path);
    for (int hops = 0; a.status() / 100 == 3 && a.location() != null && hops < 5; hops++) {
      a = send(HttpRequest.newBuilder().GET(), pathOf(a.location()));
    }
    return a;
  }

  /** POST of a form; the answer as it came (a redirect is not followed). */
  Answer post(String path, Map<String, String> form) throws IOException, InterruptedException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder()
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body)),
        path);
  }

  /** POST of a JSON body with extra headers (a page's script); the answer as it came. */
  Answer postJson(String path, String json, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder()
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    headers.forEach(b::header);
    return send(b, path);
  }

  /** The value of a cookie in the jar, or null. */
  String cookie(String name) {
    return cookies.get(name);
  }

  /** The path and query of a Location header, absolute or not. */
  static String pathOf(String location) {
    URI uri = URI.create(location);
    return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private Answer send(HttpRequest.Builder b, String path) throws IOException, InterruptedException {
    int instance = next++ % ports.size();
    b.uri(URI.create("http://localhost:" + ports.get(instance) + path));
    if (!cookies.isEmpty()) {
      b.header(
          "Cookie",
          cookies.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    for (String set : r.headers().allValues("Set-Cookie")) {
      String pair = set.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).strip();
      String value = pair.substring(eq + 1).strip();
      if (value.isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return new Answer(
        instance, r.statusCode(), r.headers().firstValue("Location").orElse(null), r.body());
  }
}
