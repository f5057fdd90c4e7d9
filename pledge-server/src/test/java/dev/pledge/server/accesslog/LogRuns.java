package dev.pledge.server.accesslog;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Runs the anonymiser over a string read as bytes (ISO-8859-1, so every byte round-trips). */
final class LogRuns {
  /** Everything after the client field of a combined-format line. */
  static final String TAIL =
      " - - [10/Oct/2023:13:55:36 -0700] \"GET /index.html HTTP/1.1\" 200 2326"
          + " \"https://example.org/\" \"Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Firefox/121.0\"";

  record Result(String out, AnonymisationTotals totals) {}

  private LogRuns() {}

  static Result run(LogAnonymiser anonymiser, String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AnonymisationTotals totals =
        anonymiser.anonymise(new ByteArrayInputStream(input.getBytes(ISO_8859_1)), out);
    return new Result(out.toString(ISO_8859_1), totals);
  }

  static String anonymise(String input) throws IOException {
    return run(LogAnonymiser.builder().build(), input).out();
  }

  static String anonymise(LogAnonymiser.Builder builder, String input) throws IOException {
    return run(builder.build(), input).out();
  }
}
