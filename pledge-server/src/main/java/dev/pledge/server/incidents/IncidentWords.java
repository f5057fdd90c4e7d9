package dev.pledge.server.incidents;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the console and the notices write times and durations. */
final class IncidentWords {

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private IncidentWords() {}

  static String moment(Instant at) {
    return at == null ? "" : WHEN.format(at);
  }

  /** "2 d 3 h", "5 h 20 min", "12 min", "less than a minute". */
  static String duration(Duration d) {
    long minutes = d.toMinutes();
    if (minutes < 1) {
      return "less than a minute";
    }
    long days = minutes / (24 * 60);
    long hours = (minutes / 60) % 24;
    long mins = minutes % 60;
    if (days > 0) {
      return days + " d " + hours + " h";
    }
    return hours > 0 ? hours + " h " + mins + " min" : mins + " min";
  }
}
