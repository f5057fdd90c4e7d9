package dev.pledge.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The shared server's clock in tests: the system's, moved forward by what a test asks for. A test
 * that needs the next 30-second step of an authenticator code, or a link to expire, moves it on
 * instead of waiting, and {@linkplain #reset() resets} it when it ends: db-scheduler keeps its own
 * (system) clock, so a job scheduled while the server's clock runs ahead would wait for real time
 * to catch up, and the next test class must find them agreeing again.
 */
public final class TestClock extends Clock
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final TestClock INSTANCE = new TestClock();
  private static volatile Duration offset = Duration.ZERO;

  public static TestClock get() {
    return INSTANCE;
  }

  /** Moves the clock forward by {@code by}. */
  public static synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the test clock only moves forward; reset() ends a test");
    }
    offset = offset.plus(by);
  }

  /** Back to the system's time, at the end of a test that moved it. */
  public static synchronized void reset() {
    offset = Duration.ZERO;
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context.getBeanFactory().registerSingleton("clock", INSTANCE);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return Clock.offset(Clock.system(zone), offset);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }
}
