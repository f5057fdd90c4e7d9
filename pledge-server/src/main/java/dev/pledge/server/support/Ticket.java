package dev.pledge.server.support;

import java.time.Instant;

/**
 * A support ticket as stored.
 *
 * @param id its public reference, {@code T-XXXX-XXXX}: random, so an id tells nothing of others'
 * @param accountId the account that opened it
 * @param subject what the person wrote as its subject — their words, never logged
 * @param category one of {@code pledge.support.categories}
 * @param status where it stands
 * @param replyKey the key in the subject of the e-mails about it, which e-mailed replies carry back
 * @param createdAt when it was opened
 * @param lastMessageAt the retention anchor: kept 5 years after it (B-21)
 * @param closedAt when it was closed, or {@code null}
 */
record Ticket(
    String id,
    String accountId,
    String subject,
    String category,
    TicketStatus status,
    String replyKey,
    Instant createdAt,
    Instant lastMessageAt,
    Instant closedAt) {

  public boolean closed() {
    return status == TicketStatus.CLOSED;
  }

  @Override
  public String toString() {
    return "Ticket[" + id + " " + status.key() + "]";
  }
}
