package dev.pledge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@WithRunningServer
class AccessLogReportTest {

  @Autowired PledgeSettings settings;
  @Autowired AccessLogReport report;

  /** A day file for a day no live request writes to, with known lines. */
  static LocalDate writeDay(PledgeSettings settings, int daysAgo) throws Exception {
    LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(daysAgo);
    String date = day.format(DateTimeFormatter.ofPattern("dd/MMM/yyyy", Locale.ENGLISH));
    String ua = "\"Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0\"";
    String bot = "\"curl/8.5.0\"";
    String lines =
        String.join(
            "\n",
            "192.0.2.0 - - [" + date + ":10:00:01 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" " + ua,
            "192.0.2.0 - - ["
                + date
                + ":10:00:02 +0000] \"GET /formats/png HTTP/1.1\" 200 900 \"-\" "
                + ua,
            "198.51.100.0 - - ["
                + date
                + ":10:00:40 +0000] \"GET /wp-login.php?x=1 HTTP/1.1\" 404 12 \"-\" "
                + bot,
            "198.51.100.0 - - ["
                + date
                + ":10:00:41 +0000] \"GET /wp-login.php HTTP/1.1\" 404 12 \"-\" "
                + bot,
            "198.51.100.0 - - ["
                + date
                + ":11:30:00 +0000] \"GET /old HTTP/1.1\" 301 0 \"-\" "
                + bot,
            "203.0.113.0 - - ["
                + date
                + ":11:31:00 +0000] \"POST /api/event HTTP/1.1\" 503 20 \"-\" "
                + ua,
            "this line is not in combined format",
            "");
    Path dir = OwnAccessLog.directory(settings);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("access." + day + ".log"), lines);
    return day;
  }

  @Test
  @DisplayName("A-08 the log report counts status classes per hour, error paths, agents and peaks")
  void reportsFromTheAnonymisedDayFiles() throws Exception {
    LocalDate day = writeDay(settings, 5);
    AccessLogReport.Report r = report.report(day, day, 10);
    assertThat(r.requests()).isEqualTo(6);
    assertThat(r.unreadable()).isEqualTo(1);
    assertThat(r.hours()).hasSize(2);
    assertThat(r.hours().get(0)).isEqualTo(new AccessLogReport.Hour(day.atTime(10, 0), 2, 0, 2, 0));
    assertThat(r.hours().get(1)).isEqualTo(new AccessLogReport.Hour(day.atTime(11, 0), 0, 1, 0, 1));
    assertThat(r.errorPaths())
        .containsExactly(
            new AccessLogReport.Count("404 /wp-login.php", 2),
            new AccessLogReport.Count("503 /api/event", 1));
    assertThat(r.userAgents().get(0).count()).isEqualTo(3);
    assertThat(r.peakPerMinute()).isEqualTo(4);
  }

  @Test
  void aMissingRangeIsEmptyNotAnError() {
    LocalDate long_ago = LocalDate.of(2001, 1, 1);
    AccessLogReport.Report r = report.report(long_ago, long_ago.plusDays(2), 10);
    assertThat(r.requests()).isZero();
    assertThat(r.hours()).isEmpty();
  }
}
