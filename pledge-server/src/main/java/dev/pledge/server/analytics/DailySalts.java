package dev.pledge.server.analytics;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * One random salt per UTC day, shared by every server instance through the database, and destroyed
 * 48 hours after its day began: after that, visitor ids of that day cannot be recomputed from an
 * address, not even by us.
 */
@Component
class DailySalts {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;
  private volatile Current current;

  private record Current(LocalDate day, VisitorHasher hasher) {}

  DailySalts(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The hasher for today; the salt is created by whichever instance needs it first. */
  VisitorHasher today() {
    LocalDate day = UtcDays.of(clock.instant());
    Current c = current;
    if (c == null || !c.day().equals(day)) {
      c = new Current(day, new VisitorHasher(saltFor(day)));
      current = c;
    }
    return c.hasher();
  }

  private byte[] saltFor(LocalDate day) {
    byte[] fresh = new byte[16];
    RANDOM.nextBytes(fresh);
    jdbc.sql("insert into analytics_salt (day, salt) values (:day, :salt) on conflict do nothing")
        .param("day", day)
        .param("salt", fresh)
        .update();
    return jdbc.sql("select salt from analytics_salt where day = :day")
        .param("day", day)
        .query(byte[].class)
        .single();
  }

  /** Destroys every salt older than 48 hours; returns how many. */
  int destroyExpired() {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return jdbc.sql("delete from analytics_salt where day < :cutoff")
        .param("cutoff", today.minusDays(1))
        .update();
  }
}
