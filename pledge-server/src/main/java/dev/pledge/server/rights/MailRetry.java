package dev.pledge.server.rights;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * When to try again an e-mail to a requester (an acknowledgement, a notice) that did not go out:
 * after 1, 2, 4 … minutes, at most hourly, and not after {@code pledge.rights.mail-max-attempts}
 * attempts (default 72, about three days) — a mail-server outage delays mail, an address that never
 * works stops being tried and shows as failed in the console.
 */
@Component
class MailRetry {

  /** Longest wait between two attempts at one e-mail. */
  static final Duration MAX_PAUSE = Duration.ofHours(1);

  private final int maxAttempts;

  MailRetry(@Value("${pledge.rights.mail-max-attempts:72}") int maxAttempts) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException(
          "pledge.rights.mail-max-attempts is " + maxAttempts + "; give 1 or more");
    }
    this.maxAttempts = maxAttempts;
  }

  /** The pause after the {@code attempts}-th failed attempt. */
  static Duration pause(int attempts) {
    Duration wait = Duration.ofMinutes(1L << Math.min(Math.max(attempts, 1) - 1, 6));
    return wait.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : wait;
  }

  /** Whether, after {@code attempts} attempts that ended in {@code failure}, to stop trying. */
  boolean givesUp(int attempts, MailFailure failure) {
    return failure.permanent() || attempts >= maxAttempts;
  }

  int maxAttempts() {
    return maxAttempts;
  }
}
