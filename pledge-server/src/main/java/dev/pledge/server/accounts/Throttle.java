package dev.pledge.server.accounts;

import dev.pledge.server.shared.SaltedKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A limit on failures per key (a login, an address, an account's second factor), as a token bucket:
 * every failure takes a token, tokens come back evenly over the window, and while none is left
 * every attempt is refused — even a right one, so that guessing gains nothing. Counted in
 * PostgreSQL ({@code studio_throttle}), so every instance on the database counts the same failures:
 * behind a round-robin balancer, per-instance buckets would give a guesser each instance's
 * allowance. Keys are stored only as salted hashes; time comes from the server's clock, so tests
 * can move it.
 */
final class Throttle {

  private final String name;
  private final int failures;
  private final Duration window;
  private final double perSecond;
  private final Clock clock;
  private final JdbcClient jdbc;
  private final SaltedKeys keys;

  Throttle(String name, int failures, Duration window, Clock clock, JdbcClient jdbc) {
    this.name = name;
    this.failures = failures;
    this.window = window;
    this.perSecond = failures / (double) window.toSeconds();
    this.clock = clock;
    this.jdbc = jdbc;
    this.keys = new SaltedKeys(jdbc, "studio_throttle_salt");
  }

  /** True while {@code key} has used up its failures. */
  boolean locked(String key) {
    return jdbc.sql(
            """
            select least(:cap, tokens + greatest(0, extract(epoch from (:now - updated_at)))
              * :rate) < 1
            from studio_throttle where name = :n and key_hash = :k
            """)
        .param("cap", (double) failures)
        .param("now", now())
        .param("rate", perSecond)
        .param("n", name)
        .param("k", keys.hash(name, key))
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** Records a failure of {@code key}. */
  void failed(String key) {
    Timestamp now = now();
    // One statement: two instances counting the same key's failures at once both count.
    jdbc.sql(
            """
            insert into studio_throttle (name, key_hash, tokens, updated_at)
            values (:n, :k, :cap - 1, :now)
            on conflict (name, key_hash) do update set
              tokens = greatest(0, least(:cap, studio_throttle.tokens
                + greatest(0, extract(epoch from (:now - studio_throttle.updated_at))) * :rate)
                - 1),
              updated_at = greatest(studio_throttle.updated_at, :now)
            """)
        .param("n", name)
        .param("k", keys.hash(name, key))
        .param("cap", (double) failures)
        .param("now", now)
        .param("rate", perSecond)
        .update();
    tidy(now);
  }

  /** A success forgets the key's failures. */
  void succeeded(String key) {
    jdbc.sql("delete from studio_throttle where name = :n and key_hash = :k")
        .param("n", name)
        .param("k", keys.hash(name, key))
        .update();
    tidy(now());
  }

  /**
   * Deletes the buckets full again for a window (a missing row is a full bucket), at every failure
   * and success: no row outlives the next sign-in after twice its window.
   */
  private void tidy(Timestamp now) {
    jdbc.sql("delete from studio_throttle where name = :n and updated_at < :old")
        .param("n", name)
        .param("old", Timestamp.from(now.toInstant().minus(window.multipliedBy(2))))
        .update();
  }

  private Timestamp now() {
    return Timestamp.from(Instant.now(clock));
  }
}
