package dev.pledge.server.accesslog;

import static dev.pledge.server.accesslog.LogRuns.TAIL;
import static dev.pledge.server.accesslog.LogRuns.anonymise;
import static dev.pledge.server.accesslog.LogRuns.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A-02 real-world shapes keep every byte but the addresses. */
@Tag("A-02")
@Tag("A-06")
class LogShapesTest {

  @Test
  @DisplayName("escaped quotes in the request line do not shift the fields")
  void escapedQuotes() throws IOException {
    String line =
        "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"GET /search?q=\\\"a b\\\" HTTP/1.1\""
            + " 200 12 \"-\" \"Agent \\\"quoted\\\" 1.0\"\n";
    LogRuns.Result r = run(LogAnonymiser.builder().format("combined").build(), line);
    assertThat(r.totals().malformedLines()).isZero();
    assertThat(r.out()).isEqualTo(line.replace("198.51.100.23", "198.51.100.0"));
  }

  @Test
  @DisplayName("binary junk as the request survives byte for byte")
  void binaryJunk() throws IOException {
    StringBuilder junk = new StringBuilder();
    for (int c = 0; c < 256; c++) {
      if (c != '\n' && c != '"') {
        junk.append((char) c);
      }
    }
    String line =
        "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"" + junk + "\" 400 0 \"-\" \"-\"\n";
    LogRuns.Result r = run(LogAnonymiser.builder().build(), line);
    assertThat(r.out()).isEqualTo(line.replace("198.51.100.23", "198.51.100.0"));
    // The TLS handshake Apache logs escaped, and a line of nothing but bytes.
    String tls =
        "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"\\x16\\x03\\x01\" 400 226 \"-\" \"-\"\n";
    assertThat(anonymise(tls)).isEqualTo(tls.replace("198.51.100.23", "198.51.100.0"));
    String raw = junk + "\n";
    assertThat(run(LogAnonymiser.builder().build(), raw).out()).isEqualTo(raw);
  }

  @Test
  @DisplayName("empty and '-' fields")
  void emptyAndDashFields() throws IOException {
    String line = "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"-\" 408 - \"\" \"\"\n";
    LogRuns.Result r = run(LogAnonymiser.builder().format("combined").build(), line);
    assertThat(r.totals().malformedLines()).isZero();
    assertThat(r.out()).isEqualTo(line.replace("198.51.100.23", "198.51.100.0"));
    String dash = "- - - [10/Oct/2023:13:55:36 +0000] \"-\" 408 - \"-\" \"-\"\n";
    assertThat(anonymise(dash)).isEqualTo(dash);
  }

  @Test
  @DisplayName("a 100 KB URL is parsed whole, and the address inside it masked")
  void veryLongUrl() throws IOException {
    String url = "/search?q=" + "a".repeat(100_000) + "&from=203.0.113.99";
    String line =
        "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"GET "
            + url
            + " HTTP/1.1\" 414 0 \"-\" \"-\"\n";
    LogRuns.Result r = run(LogAnonymiser.builder().build(), line);
    assertThat(r.totals().malformedLines()).isZero();
    assertThat(r.out())
        .isEqualTo(
            line.replace("198.51.100.23", "198.51.100.0").replace("203.0.113.99", "203.0.113.0"));
  }

  @Test
  @DisplayName("a truncated last line (no newline) is processed and written without one")
  void truncatedLastLine() throws IOException {
    String input = "198.51.100.23" + TAIL + "\n" + "198.51.100.24 - - [10/Oct/2023:13:5";
    LogRuns.Result r = run(LogAnonymiser.builder().build(), input);
    assertThat(r.out())
        .isEqualTo("198.51.100.0" + TAIL + "\n" + "198.51.100.0 - - [10/Oct/2023:13:5");
    assertThat(r.totals().lines()).isEqualTo(2);
    assertThat(r.totals().malformedLines()).isEqualTo(1);
  }

  @Test
  @DisplayName("CRLF endings are kept as CRLF, LF as LF, in the same file")
  void crlf() throws IOException {
    String input =
        "198.51.100.23"
            + TAIL
            + "\r\n"
            + "198.51.100.24"
            + TAIL
            + "\n"
            + "198.51.100.25"
            + TAIL
            + "\r\n";
    LogRuns.Result r = run(LogAnonymiser.builder().format("combined").build(), input);
    assertThat(r.totals().malformedLines()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "198.51.100.0"
                + TAIL
                + "\r\n"
                + "198.51.100.0"
                + TAIL
                + "\n"
                + "198.51.100.0"
                + TAIL
                + "\r\n");
  }

  @Test
  @DisplayName("extra fields after the format are allowed, and addresses in them masked")
  void extraFields() throws IOException {
    String line = "198.51.100.23" + TAIL + " 0.042 \"203.0.113.50\"\n";
    LogRuns.Result r = run(LogAnonymiser.builder().format("combined").build(), line);
    assertThat(r.totals().malformedLines()).isZero();
    assertThat(r.out()).isEqualTo("198.51.100.0" + TAIL + " 0.042 \"203.0.113.0\"\n");
  }

  @Test
  @DisplayName("addresses in URLs and referrers are masked; Chrome's 120.0.0.0 stays as written")
  void addressesElsewhere() throws IOException {
    String line =
        "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"GET /lookup?ip=203.0.113.99&v6=2001:db8:5:6::7 HTTP/1.1\""
            + " 200 1 \"http://[2001:db8:9:8::1]:8080/x\" \"Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36\"\n";
    assertThat(anonymise(line))
        .isEqualTo(
            "198.51.100.0 - - [10/Oct/2023:13:55:36 +0000] \"GET /lookup?ip=203.0.113.0&v6=2001:db8:5:: HTTP/1.1\""
                + " 200 1 \"http://[2001:db8:9::]:8080/x\" \"Mozilla/5.0 Chrome/120.0.0.0 Safari/537.36\"\n");
  }

  @Test
  @DisplayName("A-06 a malformed line is never copied with a full address in it")
  void malformedLines() throws IOException {
    String input =
        "error: client 198.51.100.23 sent garbage\n"
            + "[2001:db8:1:2::3]:443 closed; peer=::ffff:203.0.113.5, via 10.9.8.7:80.\n"
            + "GET /x from fe80::1%eth0 at 12:34:56 (std::vector version 1.2.3.4.5)\n";
    LogRuns.Result r = run(LogAnonymiser.builder().build(), input);
    assertThat(r.totals().malformedLines()).isEqualTo(3);
    assertThat(r.out())
        .isEqualTo(
            "error: client 198.51.100.0 sent garbage\n"
                + "[2001:db8:1::]:443 closed; peer=::ffff:203.0.113.0, via 10.9.8.0:80.\n"
                + "GET /x from fe80::%eth0 at 12:34:56 (std::vector version 1.2.3.4.5)\n");
  }

  @Test
  @DisplayName("--strict leaves malformed lines out and counts them")
  void strict() throws IOException {
    String input =
        "198.51.100.23" + TAIL + "\n" + "broken 203.0.113.5\n" + "198.51.100.24" + TAIL + "\n";
    LogRuns.Result r = run(LogAnonymiser.builder().strict(true).build(), input);
    assertThat(r.out()).isEqualTo("198.51.100.0" + TAIL + "\n" + "198.51.100.0" + TAIL + "\n");
    assertThat(r.totals().lines()).isEqualTo(3);
    assertThat(r.totals().malformedLines()).isEqualTo(1);
    assertThat(r.totals().droppedLines()).isEqualTo(1);
  }

  @Test
  @DisplayName("a line longer than the parse limit is scanned in segments, addresses masked")
  void oversizedLine() throws IOException {
    StringBuilder big = new StringBuilder("198.51.100.23 ");
    for (int i = 0; i < 5000; i++) {
      big.append("x=").append("203.0.113.").append(1 + i % 250).append(" ");
    }
    String input = big + "\n" + "198.51.100.24" + TAIL + "\n";
    LogAnonymiser small = LogAnonymiser.builder().maxLine(1024).build();
    LogRuns.Result r = run(small, input);
    assertThat(r.out())
        .doesNotContainPattern("203\\.0\\.113\\.[1-9]")
        .doesNotContain("198.51.100.23");
    assertThat(r.out()).endsWith("\n198.51.100.0" + TAIL + "\n");
    assertThat(r.totals().lines()).isEqualTo(2);
    assertThat(r.totals().malformedLines()).isEqualTo(1);
    LogRuns.Result strict = run(LogAnonymiser.builder().maxLine(1024).strict(true).build(), input);
    assertThat(strict.out()).isEqualTo("198.51.100.0" + TAIL + "\n");
  }

  @Test
  @DisplayName("characters: a Reader and Writer round-trip non-ASCII text unchanged")
  void readerAndWriter() throws IOException {
    String line =
        "198.51.100.23 - - [10/Oct/2023:13:55:36 +0000] \"GET /straße/日本 HTTP/1.1\" 200 1 \"-\" \"Ünïcødé 🙂\"\n";
    StringWriter out = new StringWriter();
    AnonymisationTotals totals =
        LogAnonymiser.builder().build().anonymise(new StringReader(line), out);
    assertThat(out.toString()).isEqualTo(line.replace("198.51.100.23", "198.51.100.0"));
    assertThat(totals.lines()).isEqualTo(1);
  }
}
