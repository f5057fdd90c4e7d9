package dev.pledge.server.support;

import java.util.Arrays;
import java.util.Optional;

/** Where a support ticket stands. */
enum TicketStatus {
  /** The person wrote last: support's turn. */
  OPEN("open"),
  /** Support answered and needs something from the person ("waiting for you"). */
  WAITING("waiting"),
  /** Support answered. */
  ANSWERED("answered"),
  /** Done; the person (or support) can reopen it. */
  CLOSED("closed");

  private final String key;

  TicketStatus(String key) {
    this.key = key;
  }

  /** The spelling stored and shown (public: the templates ask for it). */
  public String key() {
    return key;
  }

  static Optional<TicketStatus> of(String key) {
    return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
  }
}
