package dev.pledge.server.accesslog;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A-06 on several cores the anonymiser writes exactly what it writes on one")
class LogParallelTest {

  /** A mix of every shape: formats, IPv6, CRLF, malformed lines, addresses in URLs, long lines. */
  static String mixedLog(int lines, long seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      String client =
          switch (r.nextInt(4)) {
            case 0 -> "198.51." + r.nextInt(256) + "." + r.nextInt(256);
            case 1 -> "2001:db8:" + Integer.toHexString(r.nextInt(65536)) + "::" + r.nextInt(99);
            case 2 -> "::ffff:203.0.113." + r.nextInt(256);
            default -> "host" + r.nextInt(9) + ".example.net";
          };
      switch (r.nextInt(10)) {
        case 0 -> s.append("garbage from 192.0.2.").append(r.nextInt(256)).append(" and more");
        case 1 ->
            s.append(client)
                .append(" - - [10/Oct/2023:13:55:36 -0700] \"GET /?ip=203.0.113.")
                .append(r.nextInt(256))
                .append(" HTTP/1.1\" 200 12");
        case 2 -> s.append(client).append(LogRuns.TAIL).append(" \"x".repeat(r.nextInt(3000)));
        default -> s.append(client).append(LogRuns.TAIL);
      }
      s.append(r.nextInt(7) == 0 ? "\r\n" : "\n");
    }
    s.append("last line without a newline from 198.51.100.9");
    return s.toString();
  }

  record Out(String text, AnonymisationTotals totals) {}

  static Out sequential(LogAnonymiser a, String in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var totals = a.anonymise(new ByteArrayInputStream(in.getBytes(ISO_8859_1)), out);
    return new Out(out.toString(ISO_8859_1), totals);
  }

  static Out parallel(LogAnonymiser a, String in, int threads, int block) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var totals =
        a.anonymiseInParallel(
            new ByteArrayInputStream(in.getBytes(ISO_8859_1)), out, threads, block);
    return new Out(out.toString(ISO_8859_1), totals);
  }

  @Test
  void sameBytesAndTotalsAsOneCore() throws IOException {
    String log = mixedLog(20_000, 7);
    for (LogAnonymiser a :
        new LogAnonymiser[] {
          LogAnonymiser.builder().build(),
          LogAnonymiser.builder().strict(true).build(),
          LogAnonymiser.builder().hashKey(new byte[32]).build(),
          LogAnonymiser.builder().format("combined").ipv4MaskBits(16).build()
        }) {
      Out one = sequential(a, log);
      assertThat(one.text()).doesNotContain("198.51.100.9"); // the run did anonymise
      for (int threads : new int[] {2, 3}) {
        // Small blocks: many block boundaries, and lines longer than a block.
        for (int block : new int[] {4096, 65_536, LogAnonymiser.PARALLEL_BLOCK}) {
          Out many = parallel(a, log, threads, block);
          assertThat(many.text())
              .as("%d threads, %d-byte blocks", threads, block)
              .isEqualTo(one.text());
          assertThat(many.totals()).isEqualTo(one.totals());
        }
      }
    }
  }

  @Test
  @DisplayName("a line too long for any block sends the rest of the run down the sequential path")
  void hugeLineFallsBackToOneCore() throws IOException {
    String log =
        mixedLog(500, 3)
            + "\n"
            + "a".repeat(200_000)
            + " 203.0.113.77 "
            + "b".repeat(200_000)
            + "\n"
            + mixedLog(500, 4);
    LogAnonymiser a = LogAnonymiser.builder().maxLine(65_536).build();
    Out one = sequential(a, log);
    Out many = parallel(a, log, 2, 4096);
    assertThat(many.text()).isEqualTo(one.text()).doesNotContain("203.0.113.77");
    assertThat(many.totals()).isEqualTo(one.totals());
  }

  @Test
  void emptyInput() throws IOException {
    Out many = parallel(LogAnonymiser.builder().build(), "", 2, 4096);
    assertThat(many.text()).isEmpty();
    assertThat(many.totals().lines()).isZero();
  }
}
