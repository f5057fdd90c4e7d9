package dev.pledge.server.console;

import dev.pledge.server.shared.SaltedKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Exponential back-off per key: the first {@code free} failures cost nothing, then each further one
 * makes the key wait twice as long as the one before ({@code firstWait}, 2×, 4× … up to {@code
 * longestWait}) — a slowdown that grows with persistence instead of a lock that anyone can trigger.
 * A key's failures are forgotten {@code forgetAfter} its last one.
 *
 * <p>Counted in PostgreSQL ({@code console_throttle}), so every instance on the database counts the
 * same failures: behind a round-robin balancer, per-instance counts would give a guesser each
 * instance's allowance. Keys are stored only as salted hashes. Not the studio's token bucket
 * ({@code studio_throttle}): a bucket refills at a constant rate, so it cannot make every further
 * failure wait twice as long.
 */
final class Backoff {

  private final String name;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final int free;
  private final Duration firstWait;
  private final Duration longestWait;
  private final Duration forgetAfter;
  private final SaltedKeys keys;

  /** A key's failures so far and when the last one happened. */
  private record Failures(int count, Instant last) {}

  Backoff(
      String name,
      JdbcClient jdbc,
      Clock clock,
      int free,
      Duration firstWait,
      Duration longestWait,
      Duration forgetAfter) {
    this.name = name;
    this.jdbc = jdbc;
    this.keys = new SaltedKeys(jdbc, "console_throttle_salt");
    this.clock = clock;
    this.free = free;
    this.firstWait = firstWait;
    this.longestWait = longestWait;
    this.forgetAfter = forgetAfter;
  }

  /** How long the key must still wait before its next attempt; empty when it may try now. */
  Optional<Duration> waitFor(String key) {
    Instant now = clock.instant();
    Optional<Failures> found =
        jdbc.sql(
                "select failures, last_failure from console_throttle"
                    + " where name = :n and key_hash = :k")
            .param("n", name)
            .param("k", keys.hash(name, key))
            .query((rs, i) -> new Failures(rs.getInt(1), rs.getTimestamp(2).toInstant()))
            .optional();
    if (found.isEmpty() || forgotten(found.get(), now) || found.get().count() < free) {
      return Optional.empty();
    }
    Instant allowedAt = found.get().last().plus(wait(found.get().count()));
    return now.isBefore(allowedAt)
        ? Optional.of(Duration.between(now, allowedAt))
        : Optional.empty();
  }

  /** Counts a failure; returns the wait it imposes on the key's next attempt (zero while free). */
  Duration failed(String key) {
    Instant now = clock.instant();
    Timestamp forgetBefore = Timestamp.from(now.minus(forgetAfter));
    // One statement: two instances counting the same key's failures at once both count.
    int count =
        jdbc.sql(
                """
                insert into console_throttle (name, key_hash, failures, last_failure)
                values (:n, :k, 1, :now)
                on conflict (name, key_hash) do update set
                  failures = case when console_throttle.last_failure <= :forgetBefore then 1
                    else console_throttle.failures + 1 end,
                  last_failure = greatest(console_throttle.last_failure, :now)
                returning failures
                """)
            .param("n", name)
            .param("k", keys.hash(name, key))
            .param("now", Timestamp.from(now))
            .param("forgetBefore", forgetBefore)
            .query(Integer.class)
            .single();
    // Forgotten keys go at the next failure of any key: no row outlives that.
    jdbc.sql("delete from console_throttle where name = :n and last_failure <= :forgetBefore")
        .param("n", name)
        .param("forgetBefore", forgetBefore)
        .update();
    return count < free ? Duration.ZERO : wait(count);
  }

  void clear(String key) {
    jdbc.sql("delete from console_throttle where name = :n and key_hash = :k")
        .param("n", name)
        .param("k", keys.hash(name, key))
        .update();
  }

  /** The wait after {@code count} failures, {@code count >= free}: doubling, capped. */
  Duration wait(int count) {
    int doublings = Math.min(count - free, 30);
    Duration wait = firstWait.multipliedBy(1L << doublings);
    return wait.compareTo(longestWait) > 0 ? longestWait : wait;
  }

  private boolean forgotten(Failures f, Instant now) {
    return !now.isBefore(f.last().plus(forgetAfter));
  }
}
