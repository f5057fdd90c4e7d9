package dev.pledge.server.analytics;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The UTC day of an instant by arithmetic. {@code LocalDate.ofInstant(i, ZoneOffset.UTC)} builds a
 * new {@code ZoneRules} on every call; on the ingest path, several times per event, that was the
 * largest source of garbage after the request bytes.
 */
final class UtcDays {

  private static final long SECONDS_PER_DAY = 86_400;

  private UtcDays() {}

  static LocalDate of(Instant instant) {
    return LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), SECONDS_PER_DAY));
  }
}
