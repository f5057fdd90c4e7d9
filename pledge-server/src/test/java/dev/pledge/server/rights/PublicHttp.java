package dev.pledge.server.rights;

import dev.pledge.server.LocalHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
      socket.setSoTimeout(30_000);
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder r = new StringBuilder();
      r.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      r.append("Host: localhost:").append(port).append("\r\nConnection: close\r\n");
      headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        r.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      r.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(r.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      return LocalHttp.read(socket.getInputStream());
    }
  }
}
