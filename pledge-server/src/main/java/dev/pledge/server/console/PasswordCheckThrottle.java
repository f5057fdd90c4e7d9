package dev.pledge.server.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down guessing an account's current password on the Account page — what someone holding a
 * stolen session would try in order to take the account over for good. Per account: after {@value
 * #FREE_FAILURES} wrong current passwords each further one doubles the wait, from {@link
 * #FIRST_WAIT} up to {@link #LONGEST_WAIT}, and while it lasts the check is refused even with the
 * right password. Only a session of the account itself can trigger it, and it never blocks signing
 * in.
 */
@Component
class PasswordCheckThrottle {

  static final int FREE_FAILURES = 5;
  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofHours(1);

  private final Backoff backoff;

  PasswordCheckThrottle(Clock clock, JdbcClient jdbc) {
    backoff =
        new Backoff(
            "console-password-check",
            jdbc,
            clock,
            FREE_FAILURES,
            FIRST_WAIT,
            LONGEST_WAIT,
            Duration.ofHours(24));
  }

  Optional<Duration> waitFor(String username) {
    return backoff.waitFor(key(username));
  }

  void failed(String username) {
    backoff.failed(key(username));
  }

  void succeeded(String username) {
    backoff.clear(key(username));
  }

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }
}
