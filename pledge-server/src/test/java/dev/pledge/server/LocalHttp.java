package dev.pledge.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 client for tests that must choose the Host header, which the JDK's clients refuse
 * to set.
 */
public final class LocalHttp {

  private LocalHttp() {}

  /** A response: status, header lines in order (lower-case names), body as UTF-8. */
  public record Response(int status, List<Map.Entry<String, String>> headerLines, String body) {
    /** The first value of a header, or null. */
    public String header(String name) {
      List<String> all = headers(name);
      return all.isEmpty() ? null : all.get(0);
    }

    /** Every value of a header, such as each Set-Cookie. */
    public List<String> headers(String name) {
      String key = name.toLowerCase(Locale.ROOT);
      return headerLines.stream()
          .filter(e -> e.getKey().equals(key))
          .map(Map.Entry::getValue)
          .toList();
    }
  }

  public static Response get(int port, String host, String path) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String request =
          "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /**
   * Any request with chosen headers and an optional body (sent as UTF-8 with its length); header
   * values are sent as given, so a test can put anything into them.
   */
  public static Response send(
      int port, String host, String method, String target, Map<String, String> headers, String body)
      throws IOException {
    return send(port, "127.0.0.1", host, method, target, headers, body);
  }

  /** {@link #send} from a chosen loopback address, so a test has its own rate-limit allowance. */
  public static Response send(
      int port,
      String from,
      String host,
      String method,
      String target,
      Map<String, String> headers,
      String body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
      socket.setSoTimeout(30_000);
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder r = new StringBuilder();
      r.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      r.append("Host: ").append(host).append("\r\nConnection: close\r\n");
      headers.forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
      if (body != null) {
        r.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      r.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(r.toString().getBytes(StandardCharsets.UTF_8));
      out.write(payload);
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** Reads a whole HTTP/1.1 response (the connection must close after it). */
  public static Response read(InputStream in) throws IOException {
    byte[] all = in.readAllBytes();
    String raw = new String(all, StandardCharsets.ISO_8859_1);
    int headerEnd = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, headerEnd).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.add(
          Map.entry(
              lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim()));
    }
    byte[] body = java.util.Arrays.copyOfRange(all, headerEnd + 4, all.length);
    Response head = new Response(status, headers, "");
    if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < body.length) {
      int lineEnd = i;
      while (body[lineEnd] != '\r') {
        lineEnd++;
      }
      String sizeText = new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1);
      int size = Integer.parseInt(sizeText.split(";")[0].trim(), 16);
      if (size == 0) {
        break;
      }
      out.write(body, lineEnd + 2, size);
      i = lineEnd + 2 + size + 2;
    }
    return out.toByteArray();
  }
}
