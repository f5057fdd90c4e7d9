package dev.pledge.server.accounts;

/** A deleted account was restored by its owner within the 90 days: it is in use again. */
public record AccountRestored(String accountId) {}
