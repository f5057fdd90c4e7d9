package dev.pledge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.LocalHttp;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.retention.RetentionEngine;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;

@WithRunningServer
class OwnAccessLogTest {

  @LocalServerPort int port;
  @Autowired PledgeSettings settings;
  @Autowired RetentionEngine retention;
  @Autowired ServletWebServerApplicationContext server;

  Path today() {
    return OwnAccessLog.directory(settings)
        .resolve("access." + LocalDate.now(ZoneOffset.UTC) + ".log");
  }

  String waitForLine(String marker) throws Exception {
    for (int i = 0; i < 50; i++) {
      if (Files.exists(today())) {
        String text = Files.readString(today());
        if (text.contains(marker)) {
          return text;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no access-log line with " + marker + " in " + today());
  }

  @Test
  @DisplayName("A-02 A-06 Pledge's own access log holds no full client address, in any field")
  void ownLogIsAnonymised() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /p/reference-site/own-log-marker HTTP/1.1\r\nHost: localhost\r\n"
                  + "User-Agent: Probe/1.0 (from 203.0.113.9 via 2001:db8:85a3::8a2e:370:7334)\r\n"
                  + "Referer: http://198.51.100.7/page\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      s.getInputStream().readAllBytes();
    }
    String log = waitForLine("own-log-marker");
    String line = log.lines().filter(l -> l.contains("own-log-marker")).findFirst().orElseThrow();
    assertThat(line).startsWith("127.0.0.0 ");
    assertThat(line)
        .contains("\"GET /p/reference-site/own-log-marker HTTP/1.1\" 404")
        .doesNotContain("127.0.0.1")
        .doesNotContain("203.0.113.9")
        .doesNotContain("198.51.100.7")
        .doesNotContain("8a2e:370:7334");
  }

  @Test
  @DisplayName(
      "A-02 A-06 A-08 the own access log replaces e-mail addresses and tokens in the path, query,"
          + " Referer and User-Agent, and keeps the line readable")
  void ownLogIsScrubbed() throws Exception {
    String marker = "scrubmarker" + Long.toString(System.nanoTime(), 36).replaceAll("\\d", "x");
    String token = "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8";
    LocalHttp.Response r =
        LocalHttp.send(
            port,
            "localhost",
            "GET",
            "/p/reference-site/"
                + marker
                + "/ann.smith%40example.com?token="
                + token
                + "&email=ann%2Bx@example.com&page=2",
            Map.of(
                "Referer", "https://mail.example/inbox?to=ann@example.com&t=" + token,
                "User-Agent", "Probe/1.0 (ann@example.com " + token + ")"),
            null);
    assertThat(r.status()).isBetween(400, 404);
    String line =
        waitForLine(marker).lines().filter(l -> l.contains(marker)).findFirst().orElseThrow();
    assertThat(line)
        .contains(
            "\"GET /p/reference-site/"
                + marker
                + "/:email?token=:token&email=:email&page=2 HTTP/1.1\" "
                + r.status())
        .contains("\"https://mail.example/inbox?to=:email&t=:token\"")
        .contains("\"Probe/1.0 (:email :token)\"")
        .doesNotContain("ann")
        .doesNotContain(token);
  }

  @Test
  @DisplayName("A-08 the access log's directory is owner-only (0700) and each day file too (0600)")
  void ownLogIsOwnerOnly() throws Exception {
    LocalHttp.get(port, "localhost", "/p/reference-site/?owner-only");
    waitForLine("owner-only");
    assertThat(Files.getPosixFilePermissions(OwnAccessLog.directory(settings)))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(OwnAccessLog.directory(settings).getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(Files.getPosixFilePermissions(today()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  @DisplayName("A-08 a day file Tomcat opens when it rotates the log is owner-only too")
  void rotatedFilesAreOwnerOnly() throws Exception {
    AnonymisingAccessLogValve valve =
        Arrays.stream(
                ((TomcatWebServer) server.getWebServer())
                    .getTomcat()
                    .getEngine()
                    .getPipeline()
                    .getValves())
            .filter(AnonymisingAccessLogValve.class::isInstance)
            .map(AnonymisingAccessLogValve.class::cast)
            .findFirst()
            .orElseThrow();
    LocalHttp.get(port, "localhost", "/p/reference-site/?before-rotation");
    waitForLine("before-rotation");
    Path rotated =
        OwnAccessLog.directory(settings).resolve("rotated-" + System.nanoTime() + ".log");
    // What Tomcat does at midnight: close the day file and open the new one (here: today's again).
    assertThat(valve.rotate(rotated.toString())).isTrue();
    try {
      LocalHttp.get(port, "localhost", "/p/reference-site/?after-rotation");
      waitForLine("after-rotation");
      assertThat(Files.readString(today())).doesNotContain("before-rotation");
      assertThat(Files.getPosixFilePermissions(today()))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
      assertThat(Files.getPosixFilePermissions(rotated))
          .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    } finally {
      Files.deleteIfExists(rotated);
    }
  }

  @Test
  @DisplayName("A-17 access-log day files older than the policy's 90 days are deleted")
  void oldDayFilesAreDeleted() throws Exception {
    Path dir = OwnAccessLog.directory(settings);
    Files.createDirectories(dir);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    Path old = dir.resolve("access." + today.minusDays(120) + ".log");
    Path justPast = dir.resolve("access." + today.minusDays(91) + ".log");
    Path kept = dir.resolve("access." + today.minusDays(89) + ".log");
    Path unrelated = dir.resolve("notes.txt");
    for (Path p : new Path[] {old, justPast, kept, unrelated}) {
      Files.writeString(p, "x\n");
    }
    assertThat(retention.plan())
        .filteredOn(e -> e.store().equals("accesslog.day-files"))
        .singleElement()
        .satisfies(e -> assertThat(e.rule()).startsWith("P90D from collection"))
        .satisfies(e -> assertThat(e.contents().due()).isGreaterThanOrEqualTo(2));
    retention.sweep("test");
    assertThat(old).doesNotExist();
    assertThat(justPast).doesNotExist();
    assertThat(kept).exists();
    assertThat(unrelated).exists();
  }

  @Test
  @DisplayName("every request of a demo-like visit is logged, one line each")
  void everyRequestIsLogged() throws Exception {
    // The day file outlives one test run; letters only, as digits would be scrubbed as an id.
    String run = "own-log-run-" + Long.toString(System.nanoTime(), 36).replaceAll("\\d", "x");
    for (int i = 0; i < 3; i++) {
      LocalHttp.get(port, "localhost", "/p/reference-site/privacy?" + run + "=" + i);
    }
    String log = waitForLine(run + "=2");
    assertThat(log.lines().filter(l -> l.contains(run + "=")).count()).isEqualTo(3);
  }
}
