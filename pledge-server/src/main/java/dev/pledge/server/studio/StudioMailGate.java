package dev.pledge.server.studio;

import java.util.Optional;

/**
 * Asked by the outbox right before each e-mail goes out: a module whose e-mails depend on a choice
 * that can change after they were queued (marketing consent, an objection) says here whether one
 * may still be sent. A refused e-mail is not sent and not tried again; its address and body are
 * cleared at once.
 */
@FunctionalInterface
public interface StudioMailGate {

  /**
   * Why the e-mail of {@code kind} for {@code accountId} must not be sent now (for the log: no
   * personal data), or empty to let it go.
   */
  Optional<String> refuse(String kind, String accountId);
}
