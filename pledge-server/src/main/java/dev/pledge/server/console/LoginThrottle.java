package dev.pledge.server.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after {@value #MAX_FAILURES} failed sign-ins for one username, or
 * from one address, within {@link #WINDOW}, every sign-in for that username or from that address is
 * refused for {@link #LOCK} — even with the right password, so that guessing gains nothing.
 *
 * <p>Kept in memory, per server instance: a restart forgets it, and with several instances an
 * attacker gets the allowance once per instance. That is enough for a console with a handful of
 * operators; a shared store would be the next step. The address is the socket's peer address, so
 * behind a reverse proxy the proxy must be configured to pass the client address to Tomcat.
 */
@Component
class LoginThrottle {

  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration LOCK = Duration.ofMinutes(15);

  /** Past this many tracked keys, stale ones are swept on the next failure. */
  private static final int SWEEP_ABOVE = 10_000;

  private final Clock clock;
  private final ConcurrentHashMap<String, Attempts> byKey = new ConcurrentHashMap<>();

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** Failures of one key; guarded by its own monitor. */
  private static final class Attempts {
    final Deque<Instant> failures = new ArrayDeque<>();
    Instant lockedUntil;

    boolean locked(Instant now) {
      return lockedUntil != null && now.isBefore(lockedUntil);
    }

    boolean stale(Instant now) {
      return !locked(now)
          && (failures.isEmpty() || !failures.peekLast().isAfter(now.minus(WINDOW)));
    }
  }

  boolean isLocked(String username, String address) {
    Instant now = clock.instant();
    return locked(userKey(username), now) || locked(addressKey(address), now);
  }

  void failed(String username, String address) {
    Instant now = clock.instant();
    record(userKey(username), now);
    record(addressKey(address), now);
    if (byKey.size() > SWEEP_ABOVE) {
      byKey.entrySet().removeIf(e -> isStale(e.getValue(), now));
    }
  }

  /** A successful sign-in clears the username's failures; the address keeps its count. */
  void succeeded(String username) {
    byKey.remove(userKey(username));
  }

  private boolean locked(String key, Instant now) {
    Attempts attempts = byKey.get(key);
    if (attempts == null) {
      return false;
    }
    synchronized (attempts) {
      return attempts.locked(now);
    }
  }

  private void record(String key, Instant now) {
    byKey.compute(
        key,
        (k, attempts) -> {
          Attempts a = attempts == null ? new Attempts() : attempts;
          synchronized (a) {
            while (!a.failures.isEmpty() && !a.failures.peekFirst().isAfter(now.minus(WINDOW))) {
              a.failures.pollFirst();
            }
            a.failures.addLast(now);
            if (a.failures.size() >= MAX_FAILURES) {
              a.lockedUntil = now.plus(LOCK);
              a.failures.clear();
            }
          }
          return a;
        });
  }

  private static boolean isStale(Attempts attempts, Instant now) {
    synchronized (attempts) {
      return attempts.stale(now);
    }
  }

  private static String userKey(String username) {
    return "user:" + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
  }

  private static String addressKey(String address) {
    return "address:" + (address == null ? "unknown" : address);
  }
}
