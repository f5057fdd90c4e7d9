package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.rights.RequestExports;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Plants e-mail addresses and tokens in every part of requests to the running server — path, query,
 * {@code Referer}, {@code User-Agent}, {@code X-Forwarded-For}, {@code From}, cookies, credentials,
 * the method, form fields of failing and succeeding requests, a request Tomcat refuses — and walks
 * the privacy center's verification and export flows with their real single-use tokens, old link
 * shape included. Then it reads every file under the data directory and the application's log
 * output: none of it may hold any of them.
 */
@WithRunningServer
@ExtendWith(OutputCaptureExtension.class)
class SecretsStayOutOfStorageTest {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern LINK =
      Pattern.compile("https?://\\S+/privacy/requests/verify#t=([0-9a-f]{64})");
  private static final String FROM = "127.0.7.1";

  @LocalServerPort int port;
  @Autowired PledgeSettings settings;
  @Autowired RightsRequests requests;
  @Autowired RequestExports exports;

  /** Lower-case letters only: a marker must survive the scrubbing to find the test's lines. */
  static String letters() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      s.append((char) ('a' + RANDOM.nextInt(26)));
    }
    return s.toString();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  final String marker = "leakprobe" + letters();
  final String localPart = "leak-" + letters();
  final String email = localPart + "@example.net";
  final String emailEncoded = localPart + "%40example.net";
  // A token in Pledge's own shape, one in base64 with digits (a JWT's signature), and one in
  // base64 without a digit, which only the query rule recognises.
  final String hexToken = HexFormat.of().formatHex(bytes(32));
  final String base64Token =
      "Ab1" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(24));
  final String digitless = "AbCd" + letters() + "EfGh" + letters().toUpperCase(Locale.ROOT);

  /** What a hostile or careless client puts into the headers of every request. */
  Map<String, String> planted() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(
        "Referer",
        "https://"
            + localPart
            + ":"
            + hexToken
            + "@mail.example/read/"
            + email
            + "/"
            + hexToken
            + "?to="
            + emailEncoded
            + "&code="
            + digitless
            + "&jwt="
            + base64Token
            + "#t="
            + hexToken);
    h.put(
        "User-Agent",
        "Mozilla/5.0 (X11; Linux x86_64) Probe/1.0 ("
            + email
            + "; "
            + hexToken
            + ") "
            + base64Token);
    h.put("X-Forwarded-For", email + ", " + hexToken + ", 203.0.113.77");
    h.put("From", email);
    h.put("Cookie", "t=" + hexToken + "; e=" + emailEncoded);
    h.put(
        "Authorization",
        "Basic "
            + Base64.getEncoder()
                .encodeToString((email + ":" + hexToken).getBytes(StandardCharsets.UTF_8)));
    h.put("Sec-Fetch-Site", "same-origin");
    return h;
  }

  LocalHttp.Response send(String method, String target, Map<String, String> extra, String body)
      throws IOException {
    return send(FROM, method, target, extra, body);
  }

  LocalHttp.Response send(
      String from, String method, String target, Map<String, String> extra, String body)
      throws IOException {
    Map<String, String> headers = planted();
    headers.putAll(extra);
    return LocalHttp.send(port, from, "localhost:" + port, method, target, headers, body);
  }

  LocalHttp.Response get(String target) throws IOException {
    return send("GET", target, Map.of(), null);
  }

  LocalHttp.Response post(String target, String form) throws IOException {
    return send("POST", target, Map.of("Content-Type", "application/x-www-form-urlencoded"), form);
  }

  @Test
  @DisplayName(
      "A-02 A-06 A-08 no e-mail address or token planted anywhere in a request, nor a real"
          + " verification or export token, reaches any file under the data directory or the"
          + " application's log")
  void nothingPlantedReachesStorage(CapturedOutput output) throws Exception {
    int logged = 0;
    String m = "m=" + marker;

    // Path and query, on a page that does not exist and on one that does.
    assertThat(
            get("/p/reference-site/"
                    + marker
                    + "/"
                    + email
                    + "/"
                    + hexToken
                    + "/"
                    + emailEncoded
                    + "?"
                    + m
                    + "&email="
                    + email
                    + "&token="
                    + hexToken
                    + "&jwt="
                    + base64Token
                    + "&code="
                    + digitless)
                .status())
        .isBetween(400, 404);
    logged++;
    assertThat(get("/p/reference-site/privacy/requests?" + m + "&email=" + emailEncoded).status())
        .isEqualTo(200);
    logged++;

    // A failing form: the address and a token in its fields, refused with 400.
    LocalHttp.Response refused =
        post(
            "/p/reference-site/privacy/requests?" + m,
            "kind=no-such-kind&email=" + emailEncoded + "&details=" + hexToken);
    assertThat(refused.status()).isEqualTo(400);
    logged++;
    // A failing sign-in with the address as user name and a token as password.
    assertThat(
            post("/console/login?" + m, "username=" + emailEncoded + "&password=" + hexToken)
                .status())
        .isBetween(300, 403);
    logged++;
    // A page view whose URL and referrer carry them (analytics scrubs them for its own store),
    // from the loopback proxy the test server trusts for X-Forwarded-For.
    assertThat(
            send(
                    "127.0.0.1",
                    "POST",
                    "/api/event?" + m,
                    Map.of("Content-Type", "text/plain"),
                    "{\"n\":\"pageview\",\"u\":\"http://localhost/p/reference-site/?e="
                        + email
                        + "&t="
                        + hexToken
                        + "\",\"d\":\"reference.example.org\",\"r\":\"https://x.example/"
                        + email
                        + "\"}")
                .status())
        .isLessThan(500);
    logged++;

    // The privacy center: a real request, with its real acknowledgement and token.
    LocalHttp.Response sent =
        post(
            "/p/reference-site/privacy/requests?" + m,
            "kind=access&email=" + emailEncoded + "&details=" + hexToken);
    assertThat(sent.body()).contains("Check your inbox");
    logged++;
    String ack = TestMailServer.awaitTextTo(email);
    Matcher link = LINK.matcher(ack);
    assertThat(link.find()).as("a verification link in %s", ack).isTrue();
    String verifyToken = link.group(1);
    String reference = reference(ack);

    // The link as a browser sends it (the fragment stays behind), and in the old query shape.
    LocalHttp.Response landing = get("/p/reference-site/privacy/requests/verify?" + m);
    assertThat(landing.body()).contains("Confirm my request").doesNotContain(verifyToken);
    assertThat(landing.headers("referrer-policy")).containsExactly("no-referrer");
    logged++;
    LocalHttp.Response legacy =
        get("/p/reference-site/privacy/requests/verify?token=" + verifyToken + "&" + m);
    assertThat(legacy.headers("referrer-policy")).containsExactly("no-referrer");
    logged++;
    assertThat(requests.byReference(reference).orElseThrow().status())
        .as("a GET never spends a token")
        .isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);
    // Another property's page confirms nothing; its own page does.
    assertThat(post("/p/image-studio/privacy/requests/verify?" + m, "token=" + verifyToken).body())
        .contains("not valid");
    logged++;
    assertThat(
            post("/p/reference-site/privacy/requests/verify?" + m, "token=" + verifyToken).body())
        .contains(reference);
    logged++;

    // The export: its real token, the old link shape, another property, the download.
    RequestExports.PreparedExport prepared = exports.prepare(reference, "operator:test");
    assertThat(prepared.link()).contains("/privacy/requests/export#t=");
    String exportToken = prepared.link().substring(prepared.link().indexOf("#t=") + 3);
    LocalHttp.Response offer =
        get("/p/reference-site/privacy/requests/export?token=" + exportToken + "&" + m);
    assertThat(offer.body()).contains("export-offer");
    assertThat(offer.headers("referrer-policy")).containsExactly("no-referrer");
    logged++;
    assertThat(post("/p/image-studio/privacy/requests/export?" + m, "token=" + exportToken).body())
        .contains("not valid");
    logged++;
    LocalHttp.Response zip =
        post("/p/reference-site/privacy/requests/export?" + m, "token=" + exportToken);
    assertThat(zip.status()).isEqualTo(200);
    assertThat(zip.header("content-type")).startsWith("application/zip");
    logged++;

    // Headers Spring parses and refuses: their text must not reach the application's log.
    send("GET", "/p/reference-site/privacy?" + m, Map.of("Accept", "text/html;" + email), null);
    logged++;
    send(
        "POST",
        "/p/reference-site/privacy/requests?" + m,
        Map.of("Content-Type", "multipart/form-data; boundary=" + email),
        "--" + email + "\r\n");
    logged++;
    send("PUT", "/p/reference-site/privacy/requests?" + m, Map.of("Accept", email), "");
    logged++;

    // Requests Tomcat refuses before any handler: a bad character in the target, a bad method.
    raw("GET /p/reference-site/?" + m + "&e=" + email + "&t=" + hexToken + "{} HTTP/1.1");
    raw("X" + hexToken + " /p/reference-site/?" + m + " HTTP/1.1");

    List<String> secrets =
        List.of(
            email,
            emailEncoded,
            localPart,
            hexToken,
            base64Token,
            digitless,
            verifyToken,
            exportToken);
    String log = awaitLines(logged);
    assertThat(log).as("the scrubbed lines say what was there").contains(":email", ":token");

    List<String> leaks = new ArrayList<>();
    try (Stream<Path> files = Files.walk(settings.dataDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String content = read(file);
        for (String secret : secrets) {
          if (content.contains(secret.toLowerCase(Locale.ROOT))) {
            leaks.add(secret + " in " + file);
          }
        }
      }
    }
    assertThat(leaks).as("planted or real secrets in files under the data directory").isEmpty();
    String console = output.getAll();
    assertThat(secrets).allSatisfy(s -> assertThat(console).doesNotContain(s));
  }

  /** A request written as it stands, for requests no HTTP client would send. */
  void raw(String requestLine) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      StringBuilder r = new StringBuilder(requestLine).append("\r\nHost: localhost\r\n");
      planted().forEach((k, v) -> r.append(k).append(": ").append(v).append("\r\n"));
      r.append("Connection: close\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(r.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      socket.getInputStream().readAllBytes();
    }
  }

  /** A file's text, lower-cased, read byte for byte so that any encoding shows what it holds. */
  static String read(Path file) throws IOException {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
          .toLowerCase(Locale.ROOT);
    } catch (java.nio.file.NoSuchFileException gone) {
      return ""; // deleted while walking (an export once sent, a rotated temp file)
    }
  }

  /** Today's access log once it holds {@code count} lines with the marker. */
  String awaitLines(int count) throws Exception {
    Path today =
        settings
            .dataDir()
            .resolve("logs/access/access." + LocalDate.now(ZoneOffset.UTC) + ".log")
            .toAbsolutePath();
    long found = 0;
    for (int i = 0; i < 100; i++) {
      if (Files.exists(today)) {
        String text = Files.readString(today);
        found = text.lines().filter(l -> l.contains(marker)).count();
        if (found >= count) {
          return text;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError(found + " of " + count + " lines with " + marker + " in " + today);
  }

  static String reference(String text) {
    Matcher m = Pattern.compile("R-[0-9A-Z]{4}-[0-9A-Z]{4}").matcher(text);
    assertThat(m.find()).as("a reference in %s", text).isTrue();
    return m.group();
  }
}
