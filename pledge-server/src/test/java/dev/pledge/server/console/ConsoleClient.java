package dev.pledge.server.console;

import dev.pledge.server.LocalHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like HTTP/1.1 client for console tests: keeps cookies the way a browser on localhost
 * does (Secure cookies included, which the JDK's cookie handler drops over plain HTTP), follows no
 * redirect by itself, and can connect from a chosen loopback address so that login throttling in
 * one test never locks another test out.
 */
public final class ConsoleClient {

  private static final Pattern CSRF =
      Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

  private final int port;
  private final String localAddress;
  private final String host;
  private final Map<String, String> cookies;

  ConsoleClient(int port) {
    this(port, "127.0.0.1", "localhost");
  }

  /**
   * @param localAddress a 127.x.y.z address to connect from (the server sees it as the client)
   * @param host the Host header
   */
  ConsoleClient(int port, String localAddress, String host) {
    this(port, localAddress, host, new LinkedHashMap<>());
  }

  private ConsoleClient(int port, String localAddress, String host, Map<String, String> cookies) {
    this.port = port;
    this.localAddress = localAddress;
    this.host = host;
    this.cookies = cookies;
  }

  /**
   * The same browser, cookies and all (shared, not copied), talking to the server on {@code
   * otherPort}: another instance behind a proxy that does not stick to one.
   */
  public ConsoleClient on(int otherPort) {
    return new ConsoleClient(otherPort, localAddress, host, cookies);
  }

  /** A response: status, every header line (lower-case names), body as UTF-8. */
  public record Response(int status, List<Map.Entry<String, String>> headerLines, String body) {
    public String header(String name) {
      return headerLines.stream()
          .filter(e -> e.getKey().equals(name.toLowerCase(Locale.ROOT)))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }

    List<String> headers(String name) {
      return headerLines.stream()
          .filter(e -> e.getKey().equals(name.toLowerCase(Locale.ROOT)))
          .map(Map.Entry::getValue)
          .toList();
    }

    public String location() {
      return header("location");
    }
  }

  Map<String, String> cookies() {
    return cookies;
  }

  public Response get(String path) throws IOException {
    return send("GET", path, null, Map.of());
  }

  public Response post(String path, Map<String, String> form) throws IOException {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    return send("POST", path, body, Map.of("Content-Type", "application/x-www-form-urlencoded"));
  }

  /** The CSRF token of the first form on a page. */
  public static String csrf(String html) {
    Matcher m = CSRF.matcher(html);
    if (!m.find()) {
      throw new AssertionError("no CSRF field in the page:\n" + html);
    }
    return m.group(1) != null ? m.group(1) : m.group(2);
  }

  /**
   * A client signed in as a new operator {@code username} (created here, with {@link
   * ConsoleLoginTest#PASSWORD}), connecting from {@code localAddress}.
   */
  static ConsoleClient signedIn(
      int port, OperatorAccounts accounts, String username, String localAddress)
      throws IOException {
    accounts.create(username, ConsoleLoginTest.PASSWORD);
    ConsoleClient client = new ConsoleClient(port, localAddress, "localhost");
    Response response = client.login(username, ConsoleLoginTest.PASSWORD);
    if (response.location() == null || !response.location().endsWith("/console/")) {
      throw new AssertionError(username + " could not sign in: " + response.status());
    }
    return client;
  }

  /**
   * For tests outside the console's package: a client signed in as a new operator {@code username}
   * of the server of {@code context}.
   */
  public static ConsoleClient signedIn(
      int port,
      org.springframework.context.ApplicationContext context,
      String username,
      String localAddress)
      throws IOException {
    return signedIn(port, context.getBean(OperatorAccounts.class), username, localAddress);
  }

  /** The password of every operator these clients create. */
  public static String password() {
    return ConsoleLoginTest.PASSWORD;
  }

  /** A client not signed in, connecting from {@code localAddress}. */
  public static ConsoleClient anonymous(int port, String localAddress) {
    return new ConsoleClient(port, localAddress, "localhost");
  }

  /** Opens the login page and posts the form; returns the POST's response. */
  public Response login(String username, String password) throws IOException {
    Response page = get("/console/login");
    return post(
        "/console/login",
        Map.of("username", username, "password", password, "_csrf", csrf(page.body())));
  }

  public Response send(String method, String path, String body, Map<String, String> headers)
      throws IOException {
    return send(method, path, body, headers, null);
  }

  /**
   * Sends {@code raw} as the body exactly as given, without a Content-Length (for a chunked body,
   * with its own Transfer-Encoding header), or {@code body} with one when {@code raw} is null.
   */
  Response send(String method, String path, String body, Map<String, String> headers, byte[] raw)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
      socket.setSoTimeout(60_000);
      byte[] payload =
          raw != null ? raw : body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder();
      request.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      request.append("Host: ").append(host).append("\r\n");
      request.append("Connection: close\r\n");
      request.append("User-Agent: Mozilla/5.0 (X11; Linux x86_64) ConsoleTest\r\n");
      if (!cookies.isEmpty()) {
        request
            .append("Cookie: ")
            .append(
                cookies.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")))
            .append("\r\n");
      }
      for (Map.Entry<String, String> h : headers.entrySet()) {
        request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      if (body != null && raw == null) {
        request.append("Content-Length: ").append(payload.length).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      Response response = parse(socket.getInputStream());
      remember(response, path);
      return response;
    }
  }

  private void remember(Response response, String path) {
    for (String setCookie : response.headers("set-cookie")) {
      String[] parts = setCookie.split(";");
      int eq = parts[0].indexOf('=');
      String name = parts[0].substring(0, eq).trim();
      String value = parts[0].substring(eq + 1).trim();
      String cookiePath = "/";
      boolean expired = value.isEmpty();
      for (int i = 1; i < parts.length; i++) {
        String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
        if (attribute.startsWith("path=")) {
          cookiePath = parts[i].trim().substring(5);
        }
        if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970")) {
          expired = true;
        }
      }
      // This client only talks to /console and to public pages; a cookie scoped elsewhere is
      // still kept, since the tests assert on what the server sets, not on browser scoping.
      if (expired) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
      if (cookiePath.isEmpty()) {
        throw new AssertionError("empty cookie path in " + setCookie + " for " + path);
      }
    }
  }

  private static Response parse(InputStream in) throws IOException {
    LocalHttp.Response r = LocalHttp.read(in);
    return new Response(r.status(), r.headerLines(), r.body());
  }
}
