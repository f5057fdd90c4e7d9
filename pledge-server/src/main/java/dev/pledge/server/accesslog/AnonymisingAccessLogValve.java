package dev.pledge.server.accesslog;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.valves.AccessLogValve;

/**
 * Tomcat's access log, with every line passed through the same anonymiser as {@code pledge logs
 * anonymise} before it is written: the client address is truncated, and so is any other address
 * anywhere in the line (a proxy header, a user agent). No full address ever reaches the file (A-02,
 * A-06); Tomcat keeps rotating one file per day.
 */
class AnonymisingAccessLogValve extends AccessLogValve {

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
}
