package dev.pledge.server.rights;

import java.time.Instant;

/**
 * A message to a published contact that no request queue takes — mail to an editorial, security or
 * support address that is no privacy request and no ticket reply (B-39). Published, inside the
 * transaction that records the message as handled, by the mailbox intakes; the contacts module
 * tracks it with the policy's response clock. It names no person: the message stays in the mailbox,
 * and its Message-ID only as a hash.
 *
 * @param property the served property whose contact address received it
 * @param role the contact's role key ({@code editorial}, {@code security}, {@code support})
 * @param messageHash SHA-256 of the Message-ID (or of the mailbox position), hex
 * @param receivedAt when it arrived
 */
public record ContactMailArrived(
    String property, String role, String messageHash, Instant receivedAt) {}
