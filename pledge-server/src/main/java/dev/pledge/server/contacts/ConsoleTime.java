package dev.pledge.server.contacts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times as the console writes them. */
final class ConsoleTime {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ConsoleTime() {}

  static String moment(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }
}
