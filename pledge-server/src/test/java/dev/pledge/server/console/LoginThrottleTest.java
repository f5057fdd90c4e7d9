package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The login throttle over time, with a clock the test moves (issue 11), on the shared test
 * database: each test counts under names of its own.
 */
@WithRunningServer
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
  @Autowired JdbcClient jdbc;
  private LoginThrottle throttle;

  @BeforeEach
  void throttleOfItsOwn() {
    throttle = new LoginThrottle("test-" + UUID.randomUUID(), clock, jdbc);
  }

  private void fail(String user, String address, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(user, address);
    }
  }

  @Test
  @DisplayName("failures from one address never slow the same username from another address")
  void failuresFromOneAddressDoNotBlockAnother() {
    fail("ann", "198.51.100.7", 50);
    assertThat(throttle.waitFor("ann", "198.51.100.7")).isPresent();
    assertThat(throttle.waitFor("ANN ", "198.51.100.7")).as("in any case").isPresent();
    assertThat(throttle.waitFor("ann", "203.0.113.9")).isEmpty();
    assertThat(throttle.waitFor("bob", "203.0.113.9")).isEmpty();
  }

  @Test
  @DisplayName("five failures are free, then each further failure doubles the wait, up to an hour")
  void backOffGrows() {
    fail("ann", "198.51.100.7", LoginThrottle.FREE_FAILURES - 1);
    assertThat(throttle.waitFor("ann", "198.51.100.7")).isEmpty();
    throttle.failed("ann", "198.51.100.7");
    assertThat(throttle.waitFor("ann", "198.51.100.7")).contains(Duration.ofSeconds(30));

    clock.advance(Duration.ofSeconds(29));
    assertThat(throttle.waitFor("ann", "198.51.100.7")).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(throttle.waitFor("ann", "198.51.100.7")).as("the wait is over").isEmpty();

    throttle.failed("ann", "198.51.100.7");
    assertThat(throttle.waitFor("ann", "198.51.100.7")).contains(Duration.ofMinutes(1));
    clock.advance(Duration.ofMinutes(1));
    throttle.failed("ann", "198.51.100.7");
    assertThat(throttle.waitFor("ann", "198.51.100.7")).contains(Duration.ofMinutes(2));
    clock.advance(Duration.ofMinutes(2));
    throttle.failed("ann", "198.51.100.7");
    assertThat(throttle.waitFor("ann", "198.51.100.7")).contains(Duration.ofMinutes(4));

    fail("ann", "198.51.100.7", 20);
    assertThat(throttle.waitFor("ann", "198.51.100.7")).contains(LoginThrottle.LONGEST_WAIT);
  }

  @Test
  @DisplayName(
      "a success clears the username's failures on that network; a day of quiet forgets them")
  void successAndQuietForget() {
    fail("ann", "198.51.100.7", LoginThrottle.FREE_FAILURES - 1);
    throttle.succeeded("ann", "198.51.100.7");
    throttle.failed("ann", "198.51.100.7");
    assertThat(throttle.waitFor("ann", "198.51.100.7")).isEmpty();

    fail("bob", "198.51.100.8", LoginThrottle.FREE_FAILURES + 3);
    assertThat(throttle.waitFor("bob", "198.51.100.8")).isPresent();
    clock.advance(LoginThrottle.FORGET_AFTER);
    assertThat(throttle.waitFor("bob", "198.51.100.8")).isEmpty();
    throttle.failed("bob", "198.51.100.8");
    assertThat(throttle.waitFor("bob", "198.51.100.8")).as("counting starts afresh").isEmpty();
  }

  @Test
  @DisplayName("two IPv6 addresses in one /64 share a key; the next /64 does not")
  void ipv6ByPrefix() {
    assertThat(LoginThrottle.network("2001:db8:1:2::1"))
        .isEqualTo(LoginThrottle.network("2001:db8:1:2:ffff:eeee:dddd:cccc"))
        .isEqualTo(LoginThrottle.network("[2001:0db8:0001:0002:0:0:0:9]"))
        .isNotEqualTo(LoginThrottle.network("2001:db8:1:3::1"));
    assertThat(LoginThrottle.network("::ffff:198.51.100.7")).isEqualTo("198.51.100.7");
    assertThat(LoginThrottle.network("fe80::1%eth0")).isEqualTo(LoginThrottle.network("fe80::2"));
    assertThat(LoginThrottle.network("not-an-address")).isEqualTo("unknown");

    fail("ann", "2001:db8:1:2::1", LoginThrottle.FREE_FAILURES);
    assertThat(throttle.waitFor("ann", "2001:db8:1:2::beef"))
        .as("another address of the same subscriber's /64")
        .isPresent();
    assertThat(throttle.waitFor("ann", "2001:db8:1:3::1")).isEmpty();
  }

  @Test
  @DisplayName("one network trying many usernames is slowed too, after twenty failures")
  void manyUsernamesFromOneNetwork() {
    for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_NETWORK; i++) {
      assertThat(throttle.waitFor("user" + i, "198.51.100.9")).isEmpty();
      throttle.failed("user" + i, "198.51.100.9");
    }
    Optional<Duration> wait = throttle.waitFor("someone-else", "198.51.100.9");
    assertThat(wait).contains(LoginThrottle.FIRST_WAIT);
    assertThat(throttle.waitFor("someone-else", "198.51.100.10")).isEmpty();
  }
}
