package dev.pledge.server.studio;

import java.util.Objects;

/**
 * One e-mail of the studio, ready to queue.
 *
 * @param accountId the account it concerns (its data: erased and exported with it), or {@code null}
 *     when it concerns none
 * @param to the address — personal data: kept until sent, never logged
 * @param kind what it is, for logs and the outbox ({@code verify-email}, {@code team-invite})
 * @param subject the subject line
 * @param body plain text; it may carry a single-use link, so it is cleared once sent
 */
public record StudioMessage(String accountId, String to, String kind, String subject, String body) {

  public StudioMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
  }

  @Override
  public String toString() {
    return "StudioMessage[" + kind + "]";
  }
}
