package dev.pledge.server.support;

import java.time.Instant;

/**
 * One message of a ticket's thread.
 *
 * @param fromSupport written by the support team (else by the person)
 * @param operator the console operator who wrote it, or {@code null}
 * @param via where it was written: {@code studio}, {@code email} or {@code console}
 * @param body the text — the person's words, never logged
 * @param at when
 */
record TicketMessage(boolean fromSupport, String operator, String via, String body, Instant at) {

  @Override
  public String toString() {
    return "TicketMessage[" + (fromSupport ? "support" : "person") + " via " + via + "]";
  }
}
