package dev.pledge.server.accounts;

import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When the session last confirmed a second factor: at sign-in with a code or a passkey, or on the
 * "confirm it's you" page. Sensitive operations need it fresh ({@code
 * pledge.studio.step-up-window}, default 10 minutes — inside the engine's 15 for self-service
 * rights requests).
 */
@Component
class StepUps {

  static final String CONFIRMED_AT = StepUps.class.getName() + ".confirmedAt";

  private final Clock clock;
  private final Duration window;

  StepUps(Clock clock, @Value("${pledge.studio.step-up-window:PT10M}") Duration window) {
    this.clock = clock;
    this.window = window;
  }

  Duration window() {
    return window;
  }

  void confirmed(HttpSession session, Instant at) {
    session.setAttribute(CONFIRMED_AT, at);
  }

  Optional<Instant> confirmedAt(HttpSession session) {
    if (session == null) {
      return Optional.empty();
    }
    return session.getAttribute(CONFIRMED_AT) instanceof Instant at
        ? Optional.of(at)
        : Optional.empty();
  }

  boolean fresh(HttpSession session) {
    Instant now = clock.instant();
    return confirmedAt(session)
        .filter(at -> !at.isAfter(now) && at.plus(window).isAfter(now))
        .isPresent();
  }
}
