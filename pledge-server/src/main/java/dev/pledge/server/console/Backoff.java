package dev.pledge.server.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Exponential back-off per key, in memory: the first {@code free} failures cost nothing, then each
 * further one makes the key wait twice as long as the one before ({@code firstWait}, 2×, 4× … up to
 * {@code longestWait}) — a slowdown that grows with persistence instead of a lock that anyone can
 * trigger. A key's failures are forgotten {@code forgetAfter} its last one.
 *
 * <p>Not a Bucket4j bucket: a token bucket refills at a constant rate, so it cannot make every
 * further failure wait twice as long. The state is two numbers per key in a bounded Caffeine cache,
 * which evicts the least useful keys when a flood of addresses would fill memory.
 */
final class Backoff {

  private final Clock clock;
  private final int free;
  private final Duration firstWait;
  private final Duration longestWait;
  private final Duration forgetAfter;
  private final Cache<String, Failures> byKey;

  /** A key's failures so far and when the last one happened. */
  private record Failures(int count, Instant last) {}

  Backoff(Clock clock, int free, Duration firstWait, Duration longestWait, Duration forgetAfter) {
    this.clock = clock;
    this.free = free;
    this.firstWait = firstWait;
    this.longestWait = longestWait;
    this.forgetAfter = forgetAfter;
    this.byKey =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(forgetAfter)
            // The test clock moves by hand; Caffeine's own expiry must follow the same clock.
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .build();
  }

  /** How long the key must still wait before its next attempt; empty when it may try now. */
  Optional<Duration> waitFor(String key) {
    Failures f = byKey.getIfPresent(key);
    Instant now = clock.instant();
    if (f == null || forgotten(f, now) || f.count() < free) {
      return Optional.empty();
    }
    Instant allowedAt = f.last().plus(wait(f.count()));
    return now.isBefore(allowedAt)
        ? Optional.of(Duration.between(now, allowedAt))
        : Optional.empty();
  }

  /** Counts a failure; returns the wait it imposes on the key's next attempt (zero while free). */
  Duration failed(String key) {
    Instant now = clock.instant();
    Failures f =
        byKey
            .asMap()
            .compute(
                key,
                (k, before) ->
                    before == null || forgotten(before, now)
                        ? new Failures(1, now)
                        : new Failures(before.count() + 1, now));
    return f.count() < free ? Duration.ZERO : wait(f.count());
  }

  void clear(String key) {
    byKey.invalidate(key);
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
