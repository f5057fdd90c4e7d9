package dev.pledge.server.rights;

import dev.pledge.server.LocalHttp;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Posts a public form the way a browser would, from a chosen loopback address (so that each test
 * has its own rate-limit allowance) and with chosen headers ({@code Origin}, {@code
 * Sec-Fetch-Site}).
 */
final class PublicHttp {

  private PublicHttp() {}

  static LocalHttp.Response post(
      int port, String from, String path, Map<String, String> form, Map<String, String> headers)
      throws IOException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    Map<String, String> all = new LinkedHashMap<>();
    all.put("Content-Type", "application/x-www-form-urlencoded");
    all.putAll(headers);
    return send(port, from, "POST", path, body, all);
  }

  static LocalHttp.Response get(int port, String from, String path) throws IOException {
    return send(port, from, "GET", path, null, Map.of());
  }

  private static LocalHttp.Response send(
      int port, String from, String method, String path, String body, Map<String, String> headers)
      throws IOException {
    return LocalHttp.send(port, from, "localhost:" + port, method, path, headers, body);
  }
}
