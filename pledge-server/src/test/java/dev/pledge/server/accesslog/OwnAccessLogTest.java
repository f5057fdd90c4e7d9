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
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithRunningServer
class OwnAccessLogTest {

  @LocalServerPort int port;
  @Autowired PledgeSettings settings;
  @Autowired RetentionEngine retention;

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
    String run = "own-log-run-" + System.nanoTime(); // the day file outlives one test run
    for (int i = 0; i < 3; i++) {
      LocalHttp.get(port, "localhost", "/p/reference-site/privacy?" + run + "=" + i);
    }
    String log = waitForLine(run + "=2");
    assertThat(log.lines().filter(l -> l.contains(run + "=")).count()).isEqualTo(3);
  }
}
