package dev.pledge.server.accounts;

/**
 * An account's identity is gone for good — by retention 90 days after its deletion, or by an
 * erasure (a parent's request, a rights request). Every table bound with {@link AccountDataStore}
 * follows at the next sweep; modules with data elsewhere (blobs) erase it when they hear this. The
 * person's encryption keyset is destroyed with it, so whatever was encrypted for them is unreadable
 * wherever a copy lies.
 */
public record AccountErased(String accountId) {}
