package dev.pledge.server.accesslog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A log format as a sequence {@code literal field literal field … literal}, read from Apache {@code
 * LogFormat} or nginx {@code log_format} syntax, and matched against lines by hand.
 *
 * <p>Matching walks the line once: each field runs up to the next occurrence of the literal that
 * follows it in the format. Inside a field framed by double quotes a backslash escapes the next
 * byte, as Apache writes {@code \"} in request lines. {@code %t} runs up to its closing bracket.
 * Status and byte counts must be digits or {@code -}, which catches lines that only seem to fit.
 * Anything after the format, separated by a space or tab, is accepted as extra fields (logs often
 * gain a response time or a header at the end); the address scan covers it.
 */
final class LogFormatSpec implements FieldLocator {
  enum FieldKind {
    /** Holds client addresses. */
    ADDRESS,
    /** Digits or {@code -}. */
    NUMBER,
    /** Apache {@code %t}: {@code [day/month/year:time zone]}, brackets included. */
    BRACKETED_TIME,
    TEXT
  }

  static final String COMMON = "%h %l %u %t \"%r\" %>s %b";
  static final String COMBINED = COMMON + " \"%{Referer}i\" \"%{User-agent}i\"";
  static final String VHOST_COMBINED =
      "%v:%p %h %l %u %t \"%r\" %>s %O \"%{Referer}i\" \"%{User-Agent}i\"";
  static final String NGINX_COMBINED =
      "$remote_addr - $remote_user [$time_local] \"$request\" $status $body_bytes_sent"
          + " \"$http_referer\" \"$http_user_agent\"";

  private static final Set<String> ADDRESS_HEADERS =
      Set.of(
          "x-forwarded-for",
          "x-real-ip",
          "x-client-ip",
          "client-ip",
          "x-cluster-client-ip",
          "cf-connecting-ip",
          "true-client-ip",
          "fastly-client-ip",
          "x-original-forwarded-for");

  private static final Set<String> NGINX_ADDRESS_VARIABLES =
      Set.of(
          "remote_addr",
          "realip_remote_addr",
          "proxy_protocol_addr",
          "proxy_add_x_forwarded_for",
          "http_x_forwarded_for",
          "http_x_real_ip",
          "http_x_client_ip",
          "http_client_ip",
          "http_x_cluster_client_ip",
          "http_cf_connecting_ip",
          "http_true_client_ip",
          "http_fastly_client_ip",
          "http_x_original_forwarded_for");

  private static final Set<String> NGINX_NUMBER_VARIABLES =
      Set.of(
          "status",
          "body_bytes_sent",
          "bytes_sent",
          "request_length",
          "connection",
          "connection_requests",
          "pid",
          "server_port",
          "remote_port");

  private static final String APACHE_DIRECTIVES = "aAbBCDefhHiklLmnopPqrRsStTuUvVXIO";
  private static final String APACHE_NUMBERS = "bBDIkOpPsST";

  private final String source;
  private final byte[][] literals;
  private final FieldKind[] kinds;
  private final boolean[] quoted;
  private final int addressFields;

  private LogFormatSpec(String source, List<byte[]> literals, List<FieldKind> kinds) {
    this.source = source;
    this.literals = literals.toArray(new byte[0][]);
    this.kinds = kinds.toArray(new FieldKind[0]);
    this.quoted = new boolean[this.kinds.length];
    int addresses = 0;
    for (int f = 0; f < this.kinds.length; f++) {
      byte[] before = this.literals[f];
      byte[] after = this.literals[f + 1];
      quoted[f] =
          before.length > 0
              && before[before.length - 1] == '"'
              && after.length > 0
              && after[0] == '"';
      if (this.kinds[f] == FieldKind.ADDRESS) {
        addresses++;
      }
    }
    this.addressFields = addresses;
  }

  /** The format as given, for messages. */
  String source() {
    return source;
  }

  @Override
  public int maxAddressFields() {
    return addressFields;
  }

  /**
   * Reads a format: Apache {@code LogFormat} ({@code %h %l %u %t \"%r\" …}) or, when it uses {@code
   * $variables}, nginx {@code log_format}. A whole configuration line may be pasted ({@code
   * LogFormat "…" combined}, {@code log_format main '…' '…';}).
   *
   * @throws IllegalArgumentException saying what is wrong and where
   */
  static LogFormatSpec parse(String text) {
    String template = ConfigText.unquote(text);
    if (template.isEmpty()) {
      throw new IllegalArgumentException("the log format is empty");
    }
    LogFormatSpec spec =
        usesNginxVariables(template) ? parseNginx(text, template) : parseApache(text, template);
    if (spec.kinds.length == 0) {
      throw new IllegalArgumentException(
          "the log format '"
              + text
              + "' has no fields; write it with Apache %directives or nginx $variables");
    }
    return spec;
  }

  private static boolean usesNginxVariables(String t) {
    for (int i = 0; i + 1 < t.length(); i++) {
      char next = t.charAt(i + 1);
      if (t.charAt(i) == '$' && (Character.isLetter(next) || next == '_' || next == '{')) {
        return true;
      }
    }
    return false;
  }

  private static LogFormatSpec parseApache(String original, String t) {
    Builder builder = new Builder(original);
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == '\\' && i + 1 < t.length()) {
        char escaped = t.charAt(i + 1);
        builder.literal(escaped == 't' ? '\t' : escaped == 'n' ? '\n' : escaped);
        i += 2;
        continue;
      }
      if (c != '%') {
        builder.literal(c);
        i++;
        continue;
      }
      int at = i;
      i++;
      if (i < t.length() && t.charAt(i) == '%') {
        builder.literal('%');
        i++;
        continue;
      }
      // Conditions and original/final markers: %400,501{…}i, %!200{…}i, %>s, %<s.
      while (i < t.length() && "!0123456789,<>".indexOf(t.charAt(i)) >= 0) {
        i++;
      }
      String argument = null;
      if (i < t.length() && t.charAt(i) == '{') {
        int close = t.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "the log format '"
                  + original
                  + "' opens a { at position "
                  + (i + 1)
                  + " but never closes it");
        }
        argument = t.substring(i + 1, close);
        i = close + 1;
      }
      if (i < t.length() && t.charAt(i) == '^') {
        // %^ti and %^to: trailers, plain text.
        if (i + 2 >= t.length() || t.charAt(i + 1) != 't' || "io".indexOf(t.charAt(i + 2)) < 0) {
          throw unknownDirective(original, t, at, Math.min(i + 3, t.length()));
        }
        builder.field(FieldKind.TEXT, t.substring(at, i + 3), at);
        i += 3;
        continue;
      }
      if (i >= t.length() || APACHE_DIRECTIVES.indexOf(t.charAt(i)) < 0) {
        throw unknownDirective(original, t, at, Math.min(i + 1, t.length()));
      }
      char directive = t.charAt(i);
      i++;
      builder.field(apacheKind(directive, argument), t.substring(at, i), at);
    }
    return builder.build();
  }

  private static FieldKind apacheKind(char directive, String argument) {
    switch (directive) {
      case 'h':
      case 'a':
        return FieldKind.ADDRESS;
      case 't':
        return argument == null ? FieldKind.BRACKETED_TIME : FieldKind.TEXT;
      case 'i':
        return argument != null && ADDRESS_HEADERS.contains(argument.toLowerCase(Locale.ROOT))
            ? FieldKind.ADDRESS
            : FieldKind.TEXT;
      case 'P':
        // %{tid}P and %{hextid}P are not plain numbers.
        return argument == null ? FieldKind.NUMBER : FieldKind.TEXT;
      default:
        return APACHE_NUMBERS.indexOf(directive) >= 0 ? FieldKind.NUMBER : FieldKind.TEXT;
    }
  }

  private static IllegalArgumentException unknownDirective(
      String original, String t, int at, int end) {
    return new IllegalArgumentException(
        "the log format '"
            + original
            + "' has an unknown Apache directive '"
            + t.substring(at, end)
            + "' at position "
            + (at + 1)
            + "; Apache's directives are listed at"
            + " https://httpd.apache.org/docs/current/mod/mod_log_config.html#formats"
            + " (write %% for a literal %)");
  }

  private static LogFormatSpec parseNginx(String original, String t) {
    Builder builder = new Builder(original);
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c != '$') {
        builder.literal(c);
        i++;
        continue;
      }
      int at = i;
      String name;
      if (i + 1 < t.length() && t.charAt(i + 1) == '{') {
        int close = t.indexOf('}', i);
        if (close < 0) {
          throw new IllegalArgumentException(
              "the log format '"
                  + original
                  + "' opens ${ at position "
                  + (i + 1)
                  + " but never closes it");
        }
        name = t.substring(i + 2, close);
        i = close + 1;
      } else {
        int end = i + 1;
        while (end < t.length()
            && (Character.isLetterOrDigit(t.charAt(end)) || t.charAt(end) == '_')) {
          end++;
        }
        name = t.substring(i + 1, end);
        i = end;
      }
      if (name.isEmpty()) {
        builder.literal('$');
        continue;
      }
      String lower = name.toLowerCase(Locale.ROOT);
      FieldKind kind =
          NGINX_ADDRESS_VARIABLES.contains(lower)
              ? FieldKind.ADDRESS
              : NGINX_NUMBER_VARIABLES.contains(lower) ? FieldKind.NUMBER : FieldKind.TEXT;
      builder.field(kind, t.substring(at, i), at);
    }
    return builder.build();
  }

  /** Collects literals and fields, refusing two fields with nothing between them. */
  private static final class Builder {
    private final String original;
    private final List<byte[]> literals = new ArrayList<>();
    private final List<FieldKind> kinds = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();
    private String previousField;

    Builder(String original) {
      this.original = original;
    }

    void literal(char c) {
      literal.append(c);
    }

    void field(FieldKind kind, String text, int position) {
      if (previousField != null && literal.length() == 0) {
        throw new IllegalArgumentException(
            "the log format '"
                + original
                + "' has "
                + previousField
                + " and "
                + text
                + " side by side at position "
                + (position + 1)
                + "; with nothing between two fields no one can tell where the first ends —"
                + " put a space or other separator between them");
      }
      if (literal.indexOf("\n") >= 0) {
        throw new IllegalArgumentException(
            "the log format '" + original + "' contains a newline; a log line cannot hold one");
      }
      literals.add(literal.toString().getBytes(StandardCharsets.UTF_8));
      literal.setLength(0);
      kinds.add(kind);
      previousField = text;
    }

    LogFormatSpec build() {
      literals.add(literal.toString().getBytes(StandardCharsets.UTF_8));
      return new LogFormatSpec(original, literals, kinds);
    }
  }

  @Override
  public int locate(byte[] b, int from, int to, int[] bounds) {
    byte[] first = literals[0];
    if (!regionMatches(b, from, to, first)) {
      return -1;
    }
    int p = from + first.length;
    int found = 0;
    int last = kinds.length - 1;
    for (int f = 0; f <= last; f++) {
      byte[] next = literals[f + 1];
      FieldKind kind = kinds[f];
      int end;
      if (kind == FieldKind.BRACKETED_TIME) {
        if (p >= to || b[p] != '[') {
          return -1;
        }
        int close = ByteSearch.indexOf(b, p + 1, to, (byte) ']');
        if (close < 0 || !regionMatches(b, close + 1, to, next)) {
          return -1;
        }
        end = close + 1;
      } else if (next.length == 0) {
        // The format ends with this field: it runs to the end of the line or the extra fields.
        end = ByteSearch.indexOfEither(b, p, to, (byte) ' ', (byte) '\t');
        if (end < 0) {
          end = to;
        }
      } else {
        end = find(b, p, to, next, quoted[f], f == last);
        if (end < 0) {
          return -1;
        }
      }
      if (!fits(kind, b, p, end)) {
        return -1;
      }
      if (kind == FieldKind.ADDRESS) {
        bounds[2 * found] = p;
        bounds[2 * found + 1] = end;
        found++;
      }
      p = end + next.length;
    }
    return p == to || b[p] == ' ' || b[p] == '\t' ? found : -1;
  }

  /**
   * The first occurrence of {@code literal} at or after {@code from}; inside quotes, escaped bytes
   * are skipped. The closing literal of the format must end the line or precede extra fields.
   */
  private static int find(
      byte[] b, int from, int to, byte[] literal, boolean quoted, boolean closing) {
    byte head = literal[0];
    int lastStart = to - literal.length;
    int i = from;
    while (i <= lastStart) {
      i =
          quoted
              ? ByteSearch.indexOfEither(b, i, lastStart + 1, head, (byte) '\\')
              : ByteSearch.indexOf(b, i, lastStart + 1, head);
      if (i < 0) {
        return -1;
      }
      if (quoted && b[i] == '\\' && head != '\\') {
        i += 2;
        continue;
      }
      if (restMatches(b, i, literal)) {
        int after = i + literal.length;
        if (!closing || after == to || b[after] == ' ' || b[after] == '\t') {
          return i;
        }
      }
      i++;
    }
    return -1;
  }

  private static boolean fits(FieldKind kind, byte[] b, int from, int to) {
    if (kind != FieldKind.NUMBER) {
      return true;
    }
    if (to - from == 1 && b[from] == '-') {
      return true;
    }
    if (from == to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!AddressChars.isDigit(b[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether the literal, whose first byte is known to be at {@code at} and to fit, matches. */
  private static boolean restMatches(byte[] b, int at, byte[] literal) {
    for (int k = 1; k < literal.length; k++) {
      if (b[at + k] != literal[k]) {
        return false;
      }
    }
    return true;
  }

  private static boolean regionMatches(byte[] b, int at, int to, byte[] literal) {
    if (to - at < literal.length) {
      return false;
    }
    for (int k = 0; k < literal.length; k++) {
      if (b[at + k] != literal[k]) {
        return false;
      }
    }
    return true;
  }
}
