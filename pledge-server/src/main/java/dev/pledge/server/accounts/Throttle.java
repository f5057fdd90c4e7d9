package dev.pledge.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * A limit on failures per key (a login, an address, an account's second factor), as Bucket4j token
 * buckets: every failure takes a token, and while none is left every attempt is refused — even a
 * right one, so that guessing gains nothing. Kept in memory per instance (a restart forgets it);
 * time comes from the server's clock, so tests can move it.
 */
final class Throttle {

  private final int failures;
  private final Duration window;
  private final TimeMeter time;
  private final Cache<String, Bucket> buckets;

  Throttle(int failures, Duration window, Clock clock) {
    this.failures = failures;
    this.window = window;
    this.time =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            java.time.Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
          }

          @Override
          public boolean isWallClockBased() {
            return true;
          }
        };
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(window.multipliedBy(2))
            .build();
  }

  /** True while {@code key} has used up its failures. */
  boolean locked(String key) {
    Bucket bucket = buckets.getIfPresent(key);
    return bucket != null && bucket.getAvailableTokens() <= 0;
  }

  /** Records a failure of {@code key}. */
  void failed(String key) {
    buckets.get(key, k -> newBucket()).tryConsume(1);
  }

  /** A success forgets the key's failures. */
  void succeeded(String key) {
    buckets.invalidate(key);
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(failures).refillGreedy(failures, window).build())
        .withCustomTimePrecision(time)
        .build();
  }
}
