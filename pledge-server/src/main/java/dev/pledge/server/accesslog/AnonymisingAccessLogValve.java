package dev.pledge.server.accesslog;

import dev.pledge.server.shared.IdentifierScrubber;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Date;
import java.util.Enumeration;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AccessLogValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's access log, made to keep the policy's promise:
 *
 * <ul>
 *   <li>what a request says about a person — its path and query, {@code Referer}, {@code
 *       User-Agent}, method, protocol and user name — goes through the same {@link
 *       IdentifierScrubber} as analytics addresses, so e-mail addresses, single-use tokens and long
 *       ids become placeholders before the line is formed;
 *   <li>the formed line then passes the anonymiser of {@code pledge logs anonymise}: the client
 *       address is truncated, and so is any other address anywhere in the line;
 *   <li>each day file is created owner-only ({@link OwnerOnlyFiles}), in an owner-only directory.
 * </ul>
 */
class AnonymisingAccessLogValve extends AccessLogValve {

  private static final Logger log = LoggerFactory.getLogger(AnonymisingAccessLogValve.class);

  private final LogAnonymiser anonymiser = LogAnonymiser.builder().format("combined").build();

  @Override
  public void log(CharArrayWriter message) {
    byte[] line = message.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(line.length + 16);
    try {
      anonymiser.anonymise(new ByteArrayInputStream(line), out, Math.max(256, line.length + 2));
    } catch (IOException e) {
      return; // in-memory streams do not fail; if one did, nothing unmasked is written
    }
    CharArrayWriter masked = new CharArrayWriter(line.length);
    masked.append(out.toString(StandardCharsets.UTF_8));
    super.log(masked);
  }

  /**
   * Tomcat opens a new day file here, at start and at each rotation. The file is created owner-only
   * before Tomcat opens it for appending, and made owner-only after in case it already existed, so
   * no line is ever in a file another local user can read.
   */
  @Override
  protected synchronized void open() {
    Path dir = Path.of(getDirectory());
    try {
      OwnerOnlyFiles.directory(dir);
      if (fileDateFormatter != null) {
        String stamp = fileDateFormatter.format(new Date(System.currentTimeMillis()));
        OwnerOnlyFiles.file(dir.resolve(prefix + stamp + suffix));
      }
    } catch (UncheckedIOException e) {
      // Fail closed: without an owner-only file no line is written until the next rotation.
      log.warn("Access log not written: {}", e.getMessage());
      return;
    }
    super.open();
    if (currentLogFile != null) {
      // The day may have turned between the stamp above and Tomcat's: the file it opened counts.
      try {
        OwnerOnlyFiles.file(currentLogFile.toPath());
      } catch (UncheckedIOException e) {
        log.warn("Access log file not made owner-only: {}", e.getMessage());
      }
    }
  }

  @Override
  protected AccessLogElement createAccessLogElement(char pattern) {
    return switch (pattern) {
      case 'r' -> new Scrubbed(AnonymisingAccessLogValve::requestLine);
      case 'U' ->
          new Scrubbed(
              (buf, request) ->
                  escapeAndAppend(IdentifierScrubber.requestTarget(request.getRequestURI()), buf));
      case 'q' ->
          new Scrubbed(
              (buf, request) -> {
                String query = request.getQueryString();
                if (query != null) {
                  escapeAndAppend(IdentifierScrubber.requestTarget("?" + query), buf);
                }
              });
      case 'u' ->
          new Scrubbed(
              (buf, request) -> {
                String user = request.getRemoteUser();
                escapeAndAppend(user == null ? null : IdentifierScrubber.text(user), buf);
              });
      default -> super.createAccessLogElement(pattern);
    };
  }

  @Override
  protected AccessLogElement createAccessLogElement(String name, char pattern) {
    if (pattern == 'i') {
      boolean url = name.equalsIgnoreCase("Referer") || name.equalsIgnoreCase("Origin");
      return new Scrubbed((buf, request) -> header(buf, request, name, url));
    }
    return super.createAccessLogElement(name, pattern);
  }

  /** What one element writes from the request. */
  private interface Part {
    void write(CharArrayWriter buf, Request request);
  }

  /** An element of the line that writes a scrubbed part of the request, or {@code -}. */
  private record Scrubbed(Part part) implements AccessLogElement {
    @Override
    public void addElement(
        CharArrayWriter buf, Date date, Request request, Response response, long time) {
      if (request == null) {
        buf.append('-');
      } else {
        part.write(buf, request);
      }
    }
  }

  /** {@code METHOD target PROTOCOL}, with the target scrubbed; {@code -} without a request line. */
  private static void requestLine(CharArrayWriter buf, Request request) {
    if (request.getMethod() == null) {
      buf.append('-');
      return;
    }
    String query = request.getQueryString();
    String uri = request.getRequestURI();
    String target = (uri == null ? "" : uri) + (query == null ? "" : "?" + query);
    escapeAndAppend(IdentifierScrubber.text(request.getMethod()), buf);
    buf.append(' ');
    escapeAndAppend(IdentifierScrubber.requestTarget(target), buf);
    buf.append(' ');
    escapeAndAppend(IdentifierScrubber.text(String.valueOf(request.getProtocol())), buf);
  }

  /** A request header's values, joined as Tomcat joins them, each one scrubbed. */
  private static void header(CharArrayWriter buf, Request request, String name, boolean url) {
    Enumeration<String> values = request.getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      buf.append('-');
      return;
    }
    boolean first = true;
    while (values.hasMoreElements()) {
      String value = values.nextElement();
      if (!first) {
        buf.append(',');
      }
      first = false;
      escapeAndAppend(url ? IdentifierScrubber.url(value) : IdentifierScrubber.text(value), buf);
    }
  }
}
