package dev.pledge.server.accesslog;

import static dev.pledge.server.accesslog.LogRuns.TAIL;
import static dev.pledge.server.accesslog.LogRuns.anonymise;
import static dev.pledge.server.accesslog.LogRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A-02 formats: the fields that hold addresses are found by the format. */
@Tag("A-02")
class LogFormatsTest {

  @Test
  @DisplayName("A-02 Common and Combined (Apache), and nginx's default, under auto")
  void commonAndCombined() throws IOException {
    String common =
        "198.51.100.23 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326\n";
    assertThat(anonymise(common)).isEqualTo(common.replace("198.51.100.23", "198.51.100.0"));
    for (String format : new String[] {"common", "combined", "nginx", "auto"}) {
      String combined = "198.51.100.23" + TAIL + "\n";
      LogRuns.Result r = run(LogAnonymiser.builder().format(format).build(), combined);
      assertThat(r.out()).as(format).isEqualTo("198.51.100.0" + TAIL + "\n");
      assertThat(r.totals().malformedLines()).as(format).isZero();
    }
  }

  @Test
  @DisplayName("A-02 vhost_combined: the client is the second field")
  void vhostCombined() throws IOException {
    String line =
        "www.example.org:443 2001:db8:7:8::9 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/2.0\""
            + " 200 512 \"-\" \"curl/8.5.0\"\n";
    String expected = line.replace("2001:db8:7:8::9", "2001:db8:7::");
    for (String format : new String[] {"vhost_combined", "auto"}) {
      LogRuns.Result r = run(LogAnonymiser.builder().format(format).build(), line);
      assertThat(r.out()).as(format).isEqualTo(expected);
      assertThat(r.totals().malformedLines()).isZero();
    }
  }

  @Test
  @DisplayName("A-02 a custom Apache LogFormat with X-Forwarded-For: each proxy in the chain")
  void apacheCustomWithForwardedFor() throws IOException {
    LogAnonymiser a =
        LogAnonymiser.builder()
            .format("%a %l %u %t \\\"%r\\\" %>s %b \\\"%{X-Forwarded-For}i\\\" %D")
            .build();
    String line =
        "10.0.0.5 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 512"
            + " \"203.0.113.9, 2001:db8:1:2::3,198.51.100.7:4711, unknown\" 1234\n";
    LogRuns.Result r = run(a, line);
    assertThat(r.out())
        .isEqualTo(
            "10.0.0.0 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 512"
                + " \"203.0.113.0, 2001:db8:1::,198.51.100.0:4711, 0.0.0.0\" 1234\n");
    assertThat(r.totals().addressesMasked()).isEqualTo(4);
    assertThat(r.totals().replacedFields()).isEqualTo(1);
  }

  @Test
  @DisplayName("A-02 a custom nginx log_format, pasted from nginx.conf with its quotes")
  void nginxCustom() throws IOException {
    String format =
        "log_format proxied '$remote_addr - $remote_user [$time_local] '\n"
            + "    '\"$request\" $status $body_bytes_sent '\n"
            + "    '\"$http_referer\" \"$http_user_agent\" \"$http_x_forwarded_for\"';";
    String line =
        "2001:db8:aa:bb::1 - - [10/Oct/2023:13:55:36 +0000] \"GET /x HTTP/1.1\" 200 5 \"-\""
            + " \"Mozilla/5.0\" \"198.51.100.7, 203.0.113.8\"\n";
    LogRuns.Result r = run(LogAnonymiser.builder().format(format).build(), line);
    assertThat(r.out())
        .isEqualTo(
            "2001:db8:aa:: - - [10/Oct/2023:13:55:36 +0000] \"GET /x HTTP/1.1\" 200 5 \"-\""
                + " \"Mozilla/5.0\" \"198.51.100.0, 203.0.113.0\"\n");
    assertThat(r.totals().malformedLines()).isZero();
    // "-" for an empty X-Forwarded-For stays.
    String none = line.replace("\"198.51.100.7, 203.0.113.8\"", "\"-\"");
    assertThat(run(LogAnonymiser.builder().format(format).build(), none).out())
        .endsWith("\"Mozilla/5.0\" \"-\"\n");
  }

  @Test
  @DisplayName("A-02 anonip's --column model with a delimiter")
  void columns() throws IOException {
    LogAnonymiser a = LogAnonymiser.builder().column(1).column(3).delimiter(';').build();
    assertThat(run(a, "198.51.100.7;GET /;2001:db8:1:2::3;x\n").out())
        .isEqualTo("198.51.100.0;GET /;2001:db8:1::;x\n");
    LogRuns.Result tooShort = run(a, "198.51.100.7;GET /\n");
    assertThat(tooShort.totals().malformedLines()).isEqualTo(1);
    assertThat(tooShort.out()).isEqualTo("198.51.100.0;GET /\n");
  }

  @Test
  @DisplayName("a format and columns together, or a broken template, are refused")
  void badConfiguration() {
    assertThatThrownBy(() -> LogAnonymiser.builder().format("combined").column(1).build())
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> LogAnonymiser.builder().format("%h %Z").build())
        .hasMessageContaining("unknown Apache directive '%Z' at position 4");
    assertThatThrownBy(() -> LogAnonymiser.builder().format("%h%l").build())
        .hasMessageContaining("side by side");
    assertThatThrownBy(() -> LogAnonymiser.builder().column(0).build())
        .hasMessageContaining("counted from 1");
  }
}
