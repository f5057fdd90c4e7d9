package dev.pledge.cli;

import dev.pledge.server.accesslog.AnonymisationTotals;
import dev.pledge.server.accesslog.HashKeyFile;
import dev.pledge.server.accesslog.LogAnonymiser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pledge logs anonymise}: a streaming access-log anonymiser, a faster and stricter
 * replacement for anonip (promises ). It never starts Spring.
 */
@Command(
    name = "anonymise",
    aliases = "anonymize",
    mixinStandardHelpOptions = true,
    versionProvider = PledgeVersion.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    header = "Masks or hashes the client addresses in access logs, and every other address.",
    description = {
      "Anonymises web-server access logs: client addresses are masked to a prefix (IPv4 /24,"
          + " IPv6 /48 by default; IPv4-mapped IPv6 as IPv4) or replaced by a keyed hash, and any"
          + " other address-shaped text in a line (in a URL, a referrer, a broken line) is masked"
          + " too, so no address is ever written in full. Everything else is copied byte for"
          + " byte.",
      "",
      "Reads the FILEs one after another, as cat would, or standard input; gzip input is"
          + " recognised and unpacked. Writes standard output or -o FILE (gzip when it ends in"
          + " .gz). Line endings are kept as they are (LF or CRLF), and a last line without a"
          + " newline is written without one. At the end it prints totals on standard error.",
      "",
      "The format says which fields hold client addresses: the client (%%h, %%a, $remote_addr)"
          + " and headers such as X-Forwarded-For, whose lists of proxies are anonymised one by"
          + " one. A line that does not fit the format is scanned whole and every address in it"
          + " masked (or, with --strict, left out).",
      ""
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  Anonymise a compressed log from a pipe:",
      "    zcat access.log.gz | pledge logs anonymise > access.anon.log",
      "",
      "  Rotated logs (plain or gzip) into one compressed file:",
      "    pledge logs anonymise access.log.2.gz access.log.1 -o anon.log.gz",
      "",
      "  A file in place:",
      "    pledge logs anonymise access.log -o access.log",
      "",
      "  nginx with its own log_format, pasted from nginx.conf:",
      "    pledge logs anonymise access.log --format \\",
      "      '$remote_addr [$time_local] \"$request\" $status \"$http_x_forwarded_for\"'",
      "",
      "  Keyed pseudonyms, so one client can be followed for abuse monitoring",
      "  (the key file is created on first use; replace it to rotate the key):",
      "    pledge logs anonymise --hash --key-file /etc/pledge/logs.key access.log",
      "",
      "  Anonymise before anything is written, as Apache's piped log",
      "  (anonip's --output appends; here that is --append):",
      "    CustomLog \"|/usr/bin/pledge logs anonymise --append \\",
      "      -o /var/log/apache2/access.log\" combined",
      "",
      "  anonip's column model, for logs no format describes:",
      "    pledge logs anonymise --column 1 --column 7 --delimiter ';' app.log",
      "",
      "Exit codes:",
      "  0  done; some malformed lines do not change it",
      "  1  an input or output failed, or no line fitted the format (the output is still"
          + " written, every address masked)",
      "  2  wrong usage; the message says what to change"
    })
public final class LogsAnonymiseCommand implements Callable<Integer> {

  private static final int BUFFER = 64 * 1024;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..*",
      description = "Logs to read, plain or gzip; '-' or none for standard input.")
  List<String> inputs = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description =
          "Write here instead of standard output; gzip when the name ends in .gz. The file is"
              + " replaced only once the run succeeds, so it may also be an input.")
  Path output;

  @Option(
      names = "--append",
      description =
          "Append to the -o file instead of replacing it, and write each line as soon as the"
              + " input pauses: for a piped log behind a running web server.")
  boolean append;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "auto (the default: common, combined, nginx's default and vhost_combined, line by"
              + " line), common, combined, vhost_combined, nginx, or a template in Apache"
              + " LogFormat syntax (%%h %%l %%u %%t \\\"%%r\\\" %%>s %%b \\\"%%{X-Forwarded-For}i\\\")"
              + " or nginx log_format syntax ($remote_addr [$time_local] \"$request\" $status"
              + " \"$http_x_forwarded_for\"), which may be pasted with its quotes. Extra fields"
              + " after the format are allowed.")
  String format;

  @Option(
      names = "--column",
      paramLabel = "N",
      description =
          "Instead of a format: column N (from 1, split by --delimiter) holds addresses."
              + " Repeatable. As in anonip.")
  List<Integer> columns = new ArrayList<>();

  @Option(
      names = "--delimiter",
      paramLabel = "CHAR",
      description =
          "The column delimiter for --column: one character, or \\t for a tab."
              + " Default: a space.")
  String delimiter;

  @Option(names = "--mask", description = "Mask addresses to a prefix (the default).")
  boolean mask;

  @Option(
      names = "--hash",
      description =
          "Replace client addresses by a keyed HMAC-SHA256 pseudonym, written as an address that"
              + " can never be real: IPv4 in 240.0.0.0/4, IPv6 in 2001:db8::/32. The same"
              + " address and key give the same pseudonym. Needs --key-file. Addresses met"
              + " elsewhere in a line are still masked.")
  boolean hash;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description =
          "The --hash key: 64 hex digits, created with a random 32-byte key (mode 600) when"
              + " the file is missing. Replace the file to rotate the key.")
  Path keyFile;

  @Option(
      names = "--ipv4-mask",
      paramLabel = "BITS",
      description =
          "Leading bits of an IPv4 address kept, 0-32 (default: ${DEFAULT-VALUE}). Unlike"
              + " anonip's -4, which counts the bits removed.")
  int ipv4Bits = 24;

  @Option(
      names = "--ipv6-mask",
      paramLabel = "BITS",
      description = "Leading bits of an IPv6 address kept, 0-128 (default: ${DEFAULT-VALUE}).")
  int ipv6Bits = 48;

  @Option(
      names = "--replace",
      paramLabel = "STRING",
      description =
          "Written for an address field that holds no address, such as a reverse-DNS host name"
              + " (default: ${DEFAULT-VALUE}). '-' and empty fields are kept.")
  String replace = "0.0.0.0";

  @Option(
      names = "--skip-private",
      description = "Leave private, loopback and link-local addresses as they are.")
  boolean skipPrivate;

  @Option(
      names = "--strict",
      description = "Leave out lines that do not fit the format, instead of masking them.")
  boolean strict;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Cores to anonymise on (default: all of them, at most 8). The output is the same with"
              + " any number; with --append lines are written one by one as they come, on one"
              + " core.")
  Integer threads;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print no totals.")
  boolean quiet;

  private final InputStream stdin;
  private final OutputStream stdout;

  public LogsAnonymiseCommand() {
    this(System.in, System.out);
  }

  /** For tests: standard input and output as byte streams. */
  LogsAnonymiseCommand(InputStream stdin, OutputStream stdout) {
    this.stdin = stdin;
    this.stdout = stdout;
  }

  /**
   * Runs {@code pledge logs anonymise} when {@link QuickAnonymiseArguments} can read its arguments,
   * without building picocli's model (0.1 s of start-up); the options' defaults are the fields'
   * initial values, which picocli shows in the help. Returns null when picocli is to run the
   * command instead: arguments the quick reader leaves to it, or a usage error, which picocli then
   * finds again and reports with the usage, as always. Nothing is read or written before that.
   */
  static Integer runWithoutPicocli(String[] args) {
    if (!QuickAnonymiseArguments.names(args)) {
      return null;
    }
    LogsAnonymiseCommand command = new LogsAnonymiseCommand();
    if (!QuickAnonymiseArguments.read(args, 2, command)) {
      return null;
    }
    try {
      return command.call();
    } catch (UsageError e) {
      return null;
    } catch (RuntimeException e) {
      // As picocli does with an exception from a command: the trace on standard error, exit 1.
      e.printStackTrace();
      return 1;
    }
  }

  /** A usage error met without a picocli model: picocli runs the command again and reports it. */
  private static final class UsageError extends RuntimeException {
    UsageError() {
      super(null, null, false, false);
    }
  }

  @Override
  public Integer call() {
    PrintWriter err = err();
    // Everything is checked before anything is created: a wrong flag leaves no key file behind.
    LogAnonymiser.Builder builder = configure();
    List<Path> files = checkInputs();
    Path outputDirectory = checkOutput(files);
    if (hash) {
      builder.hashKey(loadKey(err));
    }
    LogAnonymiser anonymiser = builder.build();
    AnonymisationTotals totals;
    try {
      totals = run(anonymiser, files, outputDirectory);
    } catch (IOException | UncheckedIOException e) {
      String message = e instanceof UncheckedIOException u ? describe(u.getCause()) : describe(e);
      err.println("pledge logs anonymise: " + message);
      err.flush();
      return 1;
    }
    if (!quiet) {
      err.println(summary(totals));
    }
    if (totals.lines() > 0 && totals.malformedLines() == totals.lines()) {
      // Every address was still masked, but a log in which no line fits the format is almost
      // always the wrong --format: say so, and let a script notice (even with --quiet).
      err.println(noLineFitted(totals.lines()));
      err.flush();
      return 1;
    }
    err.flush();
    return 0;
  }

  private String noLineFitted(long lines) {
    String described =
        !columns.isEmpty()
            ? "has the --column " + columns + " the command was given"
            : format == null || format.equalsIgnoreCase("auto")
                ? "fits any format 'auto' knows (common, combined, nginx's default, vhost_combined)"
                : "fits the format '" + format + "'";
    return "pledge logs anonymise: "
        + (lines == 1 ? "the one line read" : "none of the " + lines + " lines")
        + " "
        + (lines == 1
            ? described.replaceFirst("^fits", "does not fit").replaceFirst("^has", "does not have")
            : described)
        + (strict
            ? ", so every line was left out (--strict)."
            : "; each was scanned whole and every address in it masked.")
        + " Give the log's own format with --format (a name, or its LogFormat or log_format line"
        + " from the server's configuration), or --column N for logs no format describes.";
  }

  /** Checks the flags and returns them as a builder; the format is tried on the way. */
  private LogAnonymiser.Builder configure() {
    if (mask && hash) {
      throw usage("--mask and --hash exclude each other: choose one (--mask is the default)");
    }
    if (hash && keyFile == null) {
      throw usage(
          "--hash needs --key-file FILE: the secret key the pseudonyms are made with (a missing"
              + " file is created with a random key)");
    }
    if (keyFile != null && !hash) {
      throw usage("--key-file is only used with --hash: add --hash, or leave --key-file out");
    }
    if (ipv4Bits < 0 || ipv4Bits > 32) {
      throw usage(
          "--ipv4-mask "
              + ipv4Bits
              + ": give the leading bits to keep, 0 to 32 (24 keeps 203.0.113.0/24)");
    }
    if (ipv6Bits < 0 || ipv6Bits > 128) {
      throw usage(
          "--ipv6-mask "
              + ipv6Bits
              + ": give the leading bits to keep, 0 to 128 (48 keeps 2001:db8:1::/48)");
    }
    if (format != null && !columns.isEmpty()) {
      throw usage(
          "--format and --column both say where addresses are: use one of them (--column is"
              + " anonip's model for logs no format describes)");
    }
    for (int c : columns) {
      if (c < 1) {
        throw usage("--column " + c + ": columns are counted from 1, as in anonip");
      }
    }
    if (delimiter != null && columns.isEmpty()) {
      throw usage("--delimiter only splits --column input: add --column N, or leave it out");
    }
    if (threads != null && threads < 1) {
      throw usage("--threads " + threads + ": give 1 or more cores");
    }
    if (append && output == null) {
      throw usage("--append needs -o FILE: the file to append to");
    }
    LogAnonymiser.Builder builder =
        LogAnonymiser.builder()
            .ipv4MaskBits(ipv4Bits)
            .ipv6MaskBits(ipv6Bits)
            .replacement(replace)
            .skipPrivate(skipPrivate)
            .strict(strict);
    if (format != null) {
      builder.format(format);
    }
    columns.forEach(builder::column);
    if (delimiter != null) {
      builder.delimiter(delimiterChar());
    }
    try {
      builder.build();
      return builder;
    } catch (IllegalArgumentException e) {
      String option = format != null ? "--format: " : "";
      throw usage(option + e.getMessage());
    }
  }

  private char delimiterChar() {
    String d = delimiter;
    if (d.equals("\\t") || d.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (d.length() != 1 || d.charAt(0) > 0xFF || d.charAt(0) == '\n') {
      throw usage(
          "--delimiter '"
              + d
              + "': give one character (or \\t for a tab), the byte that separates columns");
    }
    return d.charAt(0);
  }

  private byte[] loadKey(PrintWriter err) {
    try {
      HashKeyFile.Key key = HashKeyFile.loadOrCreate(keyFile);
      if (key.created() && !quiet) {
        err.println(
            "pledge logs anonymise: created a new random key in "
                + keyFile
                + " (keep it secret; replace the file to rotate the key)");
      }
      return key.bytes();
    } catch (IllegalArgumentException e) {
      throw usage("--key-file: " + e.getMessage());
    } catch (IOException e) {
      throw usage(
          "--key-file "
              + keyFile
              + ": cannot read or create it ("
              + describe(e)
              + "); check that its directory exists and is writable");
    }
  }

  /** The input files, checked before anything is written; null stands for standard input. */
  private List<Path> checkInputs() {
    List<Path> files = new ArrayList<>();
    if (inputs.isEmpty()) {
      files.add(null);
    }
    for (String input : inputs) {
      if (input.equals("-")) {
        files.add(null);
        continue;
      }
      Path file = Path.of(input);
      if (!Files.exists(file)) {
        throw usage("input " + input + " does not exist: check the path");
      }
      if (Files.isDirectory(file)) {
        throw usage("input " + input + " is a directory: name the log files in it");
      }
      if (!Files.isReadable(file)) {
        throw usage("input " + input + " cannot be read: check its permissions");
      }
      files.add(file);
    }
    return files;
  }

  private Path checkOutput(List<Path> files) {
    if (output == null) {
      return null;
    }
    if (append) {
      for (Path file : files) {
        if (file != null && sameFile(file, output)) {
          throw usage(
              "--append -o "
                  + output
                  + " would append to a file while reading it: leave out --append to anonymise"
                  + " it in place");
        }
      }
    }
    Path directory = output.toAbsolutePath().getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw usage("-o " + output + ": the directory " + directory + " does not exist");
    }
    if (Files.isDirectory(output)) {
      throw usage("-o " + output + " is a directory: give a file name");
    }
    return directory;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private AnonymisationTotals run(LogAnonymiser anonymiser, List<Path> files, Path directory)
      throws IOException {
    try (InputStream in = new SequenceInputStream(openLazily(files))) {
      if (output == null) {
        AnonymisationTotals totals = anonymiser.anonymiseInParallel(in, stdout, cores());
        stdout.flush();
        return totals;
      }
      if (append) {
        try (OutputStream out =
            compressIfGz(
                Files.newOutputStream(output, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                true)) {
          return anonymiser.anonymise(in, out);
        }
      }
      return replaceOutput(anonymiser, in, directory);
    }
  }

  /**
   * Writes a sibling file and moves it over the output only when the run succeeded: a failed run
   * leaves the old file, and the output may be one of the inputs (anonymising in place).
   */
  private AnonymisationTotals replaceOutput(
      LogAnonymiser anonymiser, InputStream in, Path directory) throws IOException {
    Path partial =
        directory.resolve("." + output.getFileName() + "." + UUID.randomUUID() + ".part");
    boolean done = false;
    try {
      AnonymisationTotals totals;
      try (OutputStream out =
          compressIfGz(Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW), false)) {
        totals = anonymiser.anonymiseInParallel(in, out, cores());
      }
      if (Files.exists(output)) {
        try {
          Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(output));
        } catch (UnsupportedOperationException | IOException e) {
          // Keep the default permissions where the file system has no POSIX ones.
        }
      }
      try {
        Files.move(
            partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return totals;
    } finally {
      if (!done) {
        Files.deleteIfExists(partial);
      }
    }
  }

  /** A long log is work for every core; the blocks come out in order whatever the number. */
  private int cores() {
    return threads != null ? threads : Math.min(8, Runtime.getRuntime().availableProcessors());
  }

  private OutputStream compressIfGz(OutputStream out, boolean flushEachPause) throws IOException {
    if (output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      // With --append, a sync flush lets each pause reach the file as a readable gzip block.
      return new GZIPOutputStream(out, BUFFER, flushEachPause);
    }
    return out;
  }

  /** Opens each input only when the previous one is finished, so many files need one handle. */
  private Enumeration<InputStream> openLazily(List<Path> files) {
    Iterator<Path> next = files.iterator();
    return new Enumeration<>() {
      @Override
      public boolean hasMoreElements() {
        return next.hasNext();
      }

      @Override
      public InputStream nextElement() {
        Path file = next.next();
        try {
          return gunzipIfGzip(file == null ? stdin : Files.newInputStream(file));
        } catch (IOException e) {
          throw new UncheckedIOException(
              new IOException("cannot read " + (file == null ? "standard input" : file), e));
        }
      }
    };
  }

  /** Recognises gzip by its magic bytes, not by name: zcat's output and mislabelled files work. */
  static InputStream gunzipIfGzip(InputStream raw) throws IOException {
    PushbackInputStream in = new PushbackInputStream(raw, 2);
    byte[] magic = new byte[2];
    int n = in.readNBytes(magic, 0, 2);
    if (n > 0) {
      in.unread(magic, 0, n);
    }
    if (n == 2 && magic[0] == (byte) 0x1f && magic[1] == (byte) 0x8b) {
      return new GZIPInputStream(in, BUFFER);
    }
    return in;
  }

  private String summary(AnonymisationTotals t) {
    StringBuilder s = new StringBuilder("pledge logs anonymise: ");
    s.append(count(t.lines(), "line")).append(", ");
    if (hash) {
      s.append(count(t.addressesHashed(), "address")).append(" hashed, ");
      s.append(t.addressesMasked()).append(" masked, ");
    } else {
      s.append(count(t.addressesMasked(), "address")).append(" masked, ");
    }
    s.append(count(t.malformedLines(), "malformed line"));
    if (t.droppedLines() > 0) {
      s.append(" (").append(t.droppedLines()).append(" dropped, --strict)");
    }
    if (t.replacedFields() > 0) {
      s.append(", ")
          .append(count(t.replacedFields(), "address field"))
          .append(" without an address replaced by '")
          .append(replace)
          .append("'");
    }
    return s.toString();
  }

  private static String count(long n, String noun) {
    return n + " " + (n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
  }

  private static String describe(Throwable e) {
    StringBuilder s = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      s.append(": ")
          .append(cause.getClass().getSimpleName())
          .append(' ')
          .append(cause.getMessage());
    }
    return s.toString();
  }

  private RuntimeException usage(String message) {
    return spec == null ? new UsageError() : new ParameterException(spec.commandLine(), message);
  }

  /** Standard error as picocli opens it (its encoding, auto-flush), also without picocli. */
  private PrintWriter err() {
    if (spec != null) {
      return spec.commandLine().getErr();
    }
    String encoding = System.getProperty("sun.stderr.encoding");
    Charset charset = Charset.defaultCharset();
    if (encoding != null) {
      try {
        charset = Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
      } catch (IllegalArgumentException e) {
        // picocli falls back to the default charset too
      }
    }
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.err, charset)), true);
  }
}
