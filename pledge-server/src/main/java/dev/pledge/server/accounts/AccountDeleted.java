package dev.pledge.server.accounts;

import java.time.Instant;

/**
 * An account was deleted by its owner (or a parent): it is signed out everywhere and can be
 * restored until {@code erasedAfter}, when retention erases it (B-16). Published in the deleting
 * transaction; modules stop processing the account's data (its public links, its jobs) when they
 * hear it.
 */
public record AccountDeleted(String accountId, Instant at, Instant erasedAfter) {}
