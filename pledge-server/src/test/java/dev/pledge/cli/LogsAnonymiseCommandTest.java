package dev.pledge.cli;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code pledge logs anonymise} as a user runs it: streams, files, gzip, flags, exit codes. */
@Tag("A-02")
@Tag("A-06")
class LogsAnonymiseCommandTest {

  static final String TAIL =
      " - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"curl/8.5.0\"";
  static final String LOG =
      "198.51.100.23"
          + TAIL
          + "\n"
          + "2001:db8:1:2::3"
          + TAIL
          + "\n"
          + "not a log line from 203.0.113.9\n";
  static final String ANONYMISED =
      "198.51.100.0"
          + TAIL
          + "\n"
          + "2001:db8:1::"
          + TAIL
          + "\n"
          + "not a log line from 203.0.113.0\n";

  record Run(int code, String out, String err) {}

  /** Runs {@code pledge logs ARGS} in-process with the given standard input. */
  static Run logs(String stdin, String... args) {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    InputStream in = new ByteArrayInputStream(stdin.getBytes(ISO_8859_1));
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == LogsAnonymiseCommand.class) {
              return type.cast(new LogsAnonymiseCommand(in, stdout));
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    CommandLine cli = new CommandLine(new LogsCommand(), factory);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int code = cli.execute(args);
    return new Run(code, stdout.toString(ISO_8859_1), err.toString());
  }

  static Run anonymise(String stdin, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "anonymise";
    System.arraycopy(args, 0, all, 1, args.length);
    return logs(stdin, all);
  }

  @Test
  @DisplayName("A-06 standard input to standard output, with totals on standard error (exit 0)")
  void pipe() {
    Run run = anonymise(LOG);
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo(ANONYMISED);
    assertThat(run.err())
        .isEqualTo("pledge logs anonymise: 3 lines, 3 addresses masked, 1 malformed line\n");
  }

  @Test
  @DisplayName("A-06 .gz inputs are read transparently, -o x.gz writes gzip")
  void gzipInAndOut(@TempDir Path dir) throws IOException {
    Path plain = dir.resolve("access.log.1");
    Files.writeString(plain, LOG, ISO_8859_1);
    Path gz = dir.resolve("access.log.2.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(LOG.getBytes(ISO_8859_1));
    }
    Path output = dir.resolve("anon.log.gz");
    Run run = anonymise("", gz.toString(), plain.toString(), "-o", output.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(output))) {
      assertThat(new String(in.readAllBytes(), ISO_8859_1)).isEqualTo(ANONYMISED + ANONYMISED);
    }
    assertThat(run.err()).contains("6 lines, 6 addresses masked, 2 malformed lines");
    // Standard input may be gzip too, as zcat-less pipes send it.
    Run piped = anonymise(new String(Files.readAllBytes(gz), ISO_8859_1));
    assertThat(piped.out()).isEqualTo(ANONYMISED);
  }

  @Test
  @DisplayName("A-06 -o may name the input: the file is anonymised in place, nothing else left")
  void inPlace(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("access.log");
    Files.writeString(log, LOG, ISO_8859_1);
    Run run = anonymise("", log.toString(), "-o", log.toString(), "--quiet");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(Files.readString(log, ISO_8859_1)).isEqualTo(ANONYMISED);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(log);
    }
  }

  @Test
  @DisplayName("--append adds to the output file, as anonip's --output does")
  void append(@TempDir Path dir) throws IOException {
    Path output = dir.resolve("access.log");
    Files.writeString(output, "earlier line\n");
    assertThat(anonymise(LOG, "--append", "-o", output.toString()).code()).isZero();
    assertThat(anonymise(LOG, "--append", "-o", output.toString()).code()).isZero();
    assertThat(Files.readString(output, ISO_8859_1))
        .isEqualTo("earlier line\n" + ANONYMISED + ANONYMISED);

    Run loop = anonymise("", output.toString(), "--append", "-o", output.toString());
    assertThat(loop.code()).isEqualTo(2);
    assertThat(loop.err()).contains("would append to a file while reading it");
  }

  @Test
  @DisplayName(
      "A-08 --hash: a key file is created once; the same key gives the same pseudonyms,"
          + " a replaced key new ones")
  void hashWithKeyFile(@TempDir Path dir) throws IOException {
    Path key = dir.resolve("logs.key");
    Run first = anonymise(LOG, "--hash", "--key-file", key.toString());
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.err()).contains("created a new random key in " + key);
    assertThat(first.err()).contains("3 lines, 2 addresses hashed, 1 masked, 1 malformed line");
    assertThat(first.out()).doesNotContain("198.51.100").doesNotContain("2001:db8:1:");
    assertThat(first.out()).containsPattern("^2(4\\d|5[0-5])\\.\\d+\\.\\d+\\.\\d+ - - ");
    assertThat(first.out()).contains("\n2001:db8:");

    Run second = anonymise(LOG, "--hash", "--key-file", key.toString());
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).doesNotContain("created");

    Files.delete(key);
    Run rotated = anonymise(LOG, "--hash", "--key-file", key.toString());
    assertThat(rotated.out().split("\n")[0]).isNotEqualTo(first.out().split("\n")[0]);
  }

  @Test
  @DisplayName("a wrong flag next to --hash creates no key file")
  void noKeyFileOnWrongUsage(@TempDir Path dir) {
    Path key = dir.resolve("logs.key");
    Run run = anonymise(LOG, "--hash", "--key-file", key.toString(), "--format", "%h %Z");
    assertThat(run.code()).isEqualTo(2);
    assertThat(key).doesNotExist();
  }

  @Test
  @DisplayName("--strict drops malformed lines and says so; exit stays 0")
  void strict() {
    Run run = anonymise(LOG, "--strict");
    assertThat(run.code()).isZero();
    assertThat(run.out()).isEqualTo("198.51.100.0" + TAIL + "\n" + "2001:db8:1::" + TAIL + "\n");
    assertThat(run.err()).contains("1 malformed line (1 dropped, --strict)");
  }

  @Test
  @DisplayName("A-06 no line fitting the format exits 1 with a clear message; output still masked")
  void noLineParsedExitsOne() {
    String junk = "not a log line from 203.0.113.9\nnor is this 198.51.100.7\n";
    Run run = anonymise(junk);
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.out()).isEqualTo("not a log line from 203.0.113.0\nnor is this 198.51.100.0\n");
    assertThat(run.err())
        .contains("none of the 2 lines fits any format 'auto' knows")
        .contains("--format");
    Run quiet = anonymise(junk, "--quiet", "--format", "combined");
    assertThat(quiet.code()).isEqualTo(1);
    assertThat(quiet.err())
        .contains("fits the format 'combined'")
        .doesNotContain("addresses masked");
    Run strict = anonymise(junk, "--strict");
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.out()).isEmpty();
    assertThat(strict.err()).contains("left out (--strict)");
    assertThat(anonymise("junk\n").err()).contains("the one line read does not fit any format");
    // One line that fits is enough for 0; an empty input is nothing to complain about.
    assertThat(anonymise(LOG).code()).isZero();
    assertThat(anonymise("").code()).isZero();
  }

  @Test
  @DisplayName("A-02 --format, --column, mask bits and --skip-private reach the anonymiser")
  void options() {
    String xff =
        "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" \"%{X-Forwarded-For}i\"";
    Run run =
        anonymise(
            "10.1.2.3" + TAIL + " \"198.51.100.77, 10.0.0.1\"\n",
            "--format",
            xff,
            "--skip-private",
            "--ipv4-mask",
            "16");
    assertThat(run.out()).isEqualTo("10.1.2.3" + TAIL + " \"198.51.0.0, 10.0.0.1\"\n");
    Run columns =
        anonymise(
            "a\t198.51.100.77\tb\n", "--column", "2", "--delimiter", "\\t", "--ipv6-mask", "32");
    assertThat(columns.out()).isEqualTo("a\t198.51.100.0\tb\n");
    Run replaced = anonymise("host.example.net" + TAIL + "\n", "--replace", "-");
    assertThat(replaced.out()).isEqualTo("-" + TAIL + "\n");
    assertThat(replaced.err()).contains("1 address field without an address replaced by '-'");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--ipv4-mask 33               | --ipv4-mask 33: give the leading bits to keep, 0 to 32",
        "--ipv6-mask 129              | --ipv6-mask 129: give the leading bits to keep, 0 to 128",
        "--ipv4-mask x                | Invalid value for option '--ipv4-mask'",
        "--hash                       | --hash needs --key-file FILE",
        "--mask --hash --key-file k   | --mask and --hash exclude each other",
        "--key-file k                 | --key-file is only used with --hash",
        "--format %h_%Z               | --format: the log format '%h_%Z' has an unknown Apache directive '%Z'",
        "--format %h%l                | side by side",
        "--format combined --column 1 | --format and --column both say where addresses are",
        "--column 0                   | --column 0: columns are counted from 1",
        "--delimiter ;                | --delimiter only splits --column input",
        "--column 1 --delimiter ab    | --delimiter 'ab': give one character",
        "--append                     | --append needs -o FILE",
        "no-such-file.log             | input no-such-file.log does not exist: check the path",
        "--no-such-flag               | Unknown option: '--no-such-flag'",
        "-o /no/such/dir/out.log      | the directory /no/such/dir does not exist",
      })
  @DisplayName("wrong usage exits 2 and says what to change")
  void badFlags(String args, String message) {
    Run run = anonymise(LOG, args.trim().split(" +"));
    assertThat(run.code()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains(message);
    assertThat(run.out()).isEmpty();
  }

  @Test
  @DisplayName("a missing subcommand exits 2; --help shows the examples and exits 0")
  void help() {
    Run bare = logs("");
    assertThat(bare.code()).isEqualTo(2);
    assertThat(bare.err()).contains("Missing command");

    StringWriter out = new StringWriter();
    CommandLine cli = PledgeCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("logs", "anonymise", "--help")).isZero();
    assertThat(out.toString())
        .contains("zcat access.log.gz | pledge logs anonymise > access.anon.log")
        .contains("--ipv4-mask=BITS")
        .contains("%h %l %u %t")
        .contains("2  wrong usage");
  }

  @Test
  @DisplayName("A-06 through the real pledge command line, with files, as an operator runs it")
  void throughPledgeCli(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("access.log");
    Files.writeString(log, LOG, ISO_8859_1);
    Path out = dir.resolve("out.log");
    StringWriter err = new StringWriter();
    CommandLine cli = PledgeCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("logs", "anonymise", log.toString(), "-o", out.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readString(out, ISO_8859_1)).isEqualTo(ANONYMISED);
  }
}
