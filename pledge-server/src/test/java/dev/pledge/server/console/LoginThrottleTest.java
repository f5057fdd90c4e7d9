package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The login throttle over time, with a clock the test moves. */
class LoginThrottleTest {

  /** A clock that stands still until told to move. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-05-20T10:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  @Test
  void theFifthFailureLocksForFifteenMinutes() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("ann", "10.0.0.1");
    }
    assertThat(throttle.isLocked("ann", "10.0.0.2")).isFalse();
    throttle.failed("ann", "10.0.0.1");
    assertThat(throttle.isLocked("ann", "10.0.0.2")).as("the username").isTrue();
    assertThat(throttle.isLocked("ANN ", "10.0.0.2")).as("in any case").isTrue();
    assertThat(throttle.isLocked("bob", "10.0.0.1")).as("the address").isTrue();
    assertThat(throttle.isLocked("bob", "10.0.0.2")).isFalse();

    clock.advance(Duration.ofMinutes(14).plusSeconds(59));
    assertThat(throttle.isLocked("ann", "10.0.0.2")).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.isLocked("ann", "10.0.0.2")).isFalse();
    assertThat(throttle.isLocked("bob", "10.0.0.1")).isFalse();
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("ann", "10.0.0.1");
    }
    clock.advance(Duration.ofMinutes(15));
    throttle.failed("ann", "10.0.0.1");
    assertThat(throttle.isLocked("ann", "10.0.0.1")).isFalse();
  }

  @Test
  void aSuccessClearsTheUsernameButNotTheAddress() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("ann", "10.0.0.1");
    }
    throttle.succeeded("ann");
    throttle.failed("ann", "10.0.0.1");
    assertThat(throttle.isLocked("ann", "10.0.0.9")).isFalse();
    assertThat(throttle.isLocked("someone", "10.0.0.1")).isTrue();
  }
}
