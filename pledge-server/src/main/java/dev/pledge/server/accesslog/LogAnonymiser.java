package dev.pledge.server.accesslog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Anonymises web-server access logs as a stream (promises ): client addresses are
 * truncated to a prefix ({@code /24} and {@code /48} by default) or replaced by a keyed hash, and
 * any other address-shaped text in a line — in a URL, a referrer, a broken line — is masked, so no
 * address leaves in full. Everything else is copied byte for byte: input is handled as bytes (as if
 * ISO-8859-1), so any encoding and any binary junk round-trips unchanged.
 *
 * <p>Memory does not grow with the input: lines are ranges of one reused buffer, and a line longer
 * than {@value #MAX_LINE} bytes is scanned in segments instead of being parsed.
 *
 * <p>An instance holds configuration only; each call to {@code anonymise} has its own buffers, so
 * one instance may serve several threads.
 *
 * <pre>{@code
 * LogAnonymiser anonymiser = LogAnonymiser.builder().format("combined").build();
 * AnonymisationTotals totals = anonymiser.anonymise(in, out);
 * }</pre>
 */
public final class LogAnonymiser {
  /** Formats known by name; anything else given to {@link Builder#format} is a template. */
  static final List<String> FORMAT_NAMES =
      List.of("auto", "common", "combined", "vhost_combined", "nginx");

  static final int BUFFER_SIZE = 64 * 1024;

  /** Lines up to this long are parsed whole; longer ones are scanned in segments. */
  static final int MAX_LINE = 1024 * 1024;

  private final String format;
  private final int[] columns;
  private final byte delimiter;
  private final int ipv4Bits;
  private final int ipv6Bits;
  private final byte[] hashKey;
  private final byte[] replacement;
  private final boolean skipPrivate;
  private final boolean strict;
  private final int maxLine;

  private LogAnonymiser(Builder b) {
    this.format = b.format;
    this.columns = b.columns.stream().mapToInt(Integer::intValue).toArray();
    this.delimiter = (byte) b.delimiter;
    this.ipv4Bits = b.ipv4Bits;
    this.ipv6Bits = b.ipv6Bits;
    this.hashKey = b.hashKey == null ? null : b.hashKey.clone();
    this.replacement = b.replacement.getBytes(StandardCharsets.UTF_8);
    this.skipPrivate = b.skipPrivate;
    this.strict = b.strict;
    this.maxLine = b.maxLine;
    locator(); // fails now, at configuration, on a bad format
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads log lines from {@code in} until its end and writes them anonymised to {@code out}, which
   * is flushed but not closed.
   */
  public AnonymisationTotals anonymise(InputStream in, OutputStream out) throws IOException {
    return anonymise(in, out, BUFFER_SIZE);
  }

  /**
   * As {@link #anonymise(InputStream, OutputStream)}, with buffers of the given size: a caller with
   * one short line (the server's own access log, once per request) needs no 64 KiB buffers.
   */
  AnonymisationTotals anonymise(InputStream in, OutputStream out, int bufferSize)
      throws IOException {
    return sequential(in, out, bufferSize, true).toTotals();
  }

  private RunCounters sequential(
      InputStream in, OutputStream out, int bufferSize, boolean flushWhenInputPauses)
      throws IOException {
    RunCounters counters = new RunCounters();
    LineAnonymiser lines = lineAnonymiser(counters);
    OutputBuffer output = new OutputBuffer(out, bufferSize);
    LineReader reader =
        new LineReader(
            in, flushWhenInputPauses ? output : null, Math.min(bufferSize, maxLine), maxLine);
    while (reader.next()) {
      lines.process(reader, output);
    }
    output.flush();
    return counters;
  }

  private LineAnonymiser lineAnonymiser(RunCounters counters) {
    AddressMasker masker = new AddressMasker(ipv4Bits, ipv6Bits, skipPrivate);
    AddressTransform fieldTransform =
        hashKey == null ? masker : new AddressHasher(hashKey, skipPrivate);
    return new LineAnonymiser(
        locator(),
        new AddressFieldRewriter(fieldTransform, replacement, counters),
        new AddressScanner(masker, counters),
        counters,
        strict);
  }

  /**
   * As {@link #anonymise(InputStream, OutputStream)}, on {@code threads} cores: the output is the
   * same, byte for byte, but it is written a block of lines (about 1 MiB) at a time, so this is for
   * whole files and batch pipes — not for a log piped from a running server, whose lines should
   * reach the file as they come. One thread is the sequential run.
   */
  public AnonymisationTotals anonymiseInParallel(InputStream in, OutputStream out, int threads)
      throws IOException {
    return anonymiseInParallel(in, out, threads, PARALLEL_BLOCK);
  }

  /** Lines are handed to the workers in blocks of about this many bytes. */
  static final int PARALLEL_BLOCK = 1024 * 1024;

  AnonymisationTotals anonymiseInParallel(
      InputStream in, OutputStream out, int threads, int blockSize) throws IOException {
    if (threads <= 1) {
      return anonymise(in, out);
    }
    return new ParallelRun(threads, blockSize, this::worker)
        .run(in, out, (rest, o) -> sequential(rest, o, BUFFER_SIZE, false))
        .toTotals();
  }

  private ParallelRun.Worker worker() {
    RunCounters counters = new RunCounters();
    LineAnonymiser lines = lineAnonymiser(counters);
    return new ParallelRun.Worker() {
      @Override
      public void process(byte[] block, int length, ParallelRun.BlockOutput out)
          throws IOException {
        OutputBuffer output = new OutputBuffer(out, BUFFER_SIZE);
        LineReader reader =
            new LineReader(
                new ByteArrayInputStream(block, 0, length),
                null,
                Math.min(BUFFER_SIZE, maxLine),
                maxLine);
        while (reader.next()) {
          lines.process(reader, output);
        }
        output.flush();
      }

      @Override
      public RunCounters counters() {
        return counters;
      }
    };
  }

  /**
   * The same for characters: they pass through the anonymiser as UTF-8 and come back unchanged,
   * except for the addresses. {@code out} is flushed but not closed.
   */
  public AnonymisationTotals anonymise(Reader in, Writer out) throws IOException {
    Utf8WriterStream bytesOut = new Utf8WriterStream(out);
    AnonymisationTotals totals = anonymise(new Utf8ReaderStream(in), bytesOut);
    bytesOut.finish();
    return totals;
  }

  private FieldLocator locator() {
    if (columns.length > 0) {
      return new ColumnLocator(columns, delimiter);
    }
    switch (format.toLowerCase(Locale.ROOT)) {
      case "auto":
        return new FirstFittingFormat(
            LogFormatSpec.parse(LogFormatSpec.COMMON),
            LogFormatSpec.parse("%v:%p %h %l %u %t \"%r\" %>s %O"));
      case "common":
        return LogFormatSpec.parse(LogFormatSpec.COMMON);
      case "combined":
        return LogFormatSpec.parse(LogFormatSpec.COMBINED);
      case "vhost_combined":
        return LogFormatSpec.parse(LogFormatSpec.VHOST_COMBINED);
      case "nginx":
      case "nginx_combined":
        return LogFormatSpec.parse(LogFormatSpec.NGINX_COMBINED);
      default:
        return LogFormatSpec.parse(format);
    }
  }

  /** Configuration; {@link #build()} checks it and says what is wrong. */
  public static final class Builder {
    private String format = "auto";
    private final List<Integer> columns = new ArrayList<>();
    private char delimiter = ' ';
    private int ipv4Bits = 24;
    private int ipv6Bits = 48;
    private byte[] hashKey;
    private String replacement = "0.0.0.0";
    private boolean skipPrivate;
    private boolean strict;
    private int maxLine = MAX_LINE;
    private boolean formatSet;

    private Builder() {}

    /**
     * A name — {@code auto} (the default: common, combined, nginx's default and vhost_combined,
     * line by line), {@code common}, {@code combined}, {@code vhost_combined}, {@code nginx} — or
     * an Apache {@code LogFormat} / nginx {@code log_format} template, which tells where the
     * address fields are.
     */
    public Builder format(String nameOrTemplate) {
      this.format = nameOrTemplate;
      this.formatSet = true;
      return this;
    }

    /** anonip's model instead of a format: 1-based columns split by the delimiter. */
    public Builder column(int oneBasedColumn) {
      columns.add(oneBasedColumn);
      return this;
    }

    /** The column delimiter for {@link #column}; a space by default. */
    public Builder delimiter(char delimiter) {
      this.delimiter = delimiter;
      return this;
    }

    /** Leading bits of an IPv4 address kept when masking, 0–32; 24 by default. */
    public Builder ipv4MaskBits(int bits) {
      this.ipv4Bits = bits;
      return this;
    }

    /** Leading bits of an IPv6 address kept when masking, 0–128; 48 by default. */
    public Builder ipv6MaskBits(int bits) {
      this.ipv6Bits = bits;
      return this;
    }

    /**
     * Replaces address fields by a keyed HMAC-SHA256 pseudonym instead of a mask (see {@code
     * AddressHasher} for how it is rendered); null to mask. At least 16 bytes.
     */
    public Builder hashKey(byte[] key) {
      this.hashKey = key == null ? null : key.clone();
      return this;
    }

    /** What is written for an address field holding something else; {@code 0.0.0.0} by default. */
    public Builder replacement(String replacement) {
      this.replacement = replacement;
      return this;
    }

    /** Leaves private, loopback and link-local addresses as they are. */
    public Builder skipPrivate(boolean skipPrivate) {
      this.skipPrivate = skipPrivate;
      return this;
    }

    /** Leaves out lines that do not fit the format, instead of writing them masked. */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /** Only for tests: the longest line parsed whole. */
    Builder maxLine(int bytes) {
      this.maxLine = bytes;
      return this;
    }

    /**
     * @throws IllegalArgumentException saying what is wrong and how to put it right
     */
    public LogAnonymiser build() {
      if (ipv4Bits < 0 || ipv4Bits > 32) {
        throw new IllegalArgumentException(
            "IPv4 mask of "
                + ipv4Bits
                + " bits: it must be between 0 and 32 (the leading bits kept; 24 keeps a /24)");
      }
      if (ipv6Bits < 0 || ipv6Bits > 128) {
        throw new IllegalArgumentException(
            "IPv6 mask of "
                + ipv6Bits
                + " bits: it must be between 0 and 128 (the leading bits kept; 48 keeps a /48)");
      }
      for (int c : columns) {
        if (c < 1) {
          throw new IllegalArgumentException("column " + c + ": columns are counted from 1");
        }
      }
      if (!columns.isEmpty() && formatSet) {
        throw new IllegalArgumentException(
            "a format and columns were both given: use a format to say where addresses are, or columns, not both");
      }
      if (delimiter > 0xFF || delimiter == '\n' || delimiter == '\r') {
        throw new IllegalArgumentException(
            "delimiter '"
                + delimiter
                + "': it must be one byte (an ASCII or Latin-1 character) other than a newline");
      }
      if (hashKey != null && hashKey.length < 16) {
        throw new IllegalArgumentException(
            "hash key of "
                + hashKey.length
                + " bytes: it must have at least 16 (32 are generated)");
      }
      if (replacement == null || replacement.indexOf('\n') >= 0 || replacement.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("the replacement must be text on one line");
      }
      if (format == null || format.isBlank()) {
        throw new IllegalArgumentException(
            "the format is empty: give a name ("
                + String.join(", ", FORMAT_NAMES)
                + ") or a template");
      }
      return new LogAnonymiser(this);
    }
  }
}
