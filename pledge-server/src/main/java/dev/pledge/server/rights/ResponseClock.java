package dev.pledge.server.rights;

import dev.pledge.policy.Timeframe;
import java.time.Instant;
import java.time.ZoneId;

/** A policy response time counted the way request deadlines are, for the other tracked queues. */
public final class ResponseClock {

  /** The policy's default for general inquiries when it names none: 5 business days. */
  public static final Timeframe GENERAL = RequestDeadlines.DEFAULT_GENERAL;

  private ResponseClock() {}

  /** {@code start} plus the time frame, business days skipping weekends, in {@code zone}. */
  public static Instant due(Instant start, Timeframe frame, ZoneId zone) {
    return RequestDeadlines.add(start, frame.period(), frame.businessDays(), zone);
  }
}
