package dev.pledge.server.console;

import java.time.Instant;

/**
 * One row of the operator table.
 *
 * @param lastLoginAt null until the first sign-in
 */
record Operator(
    long id, String username, String passwordHash, Instant createdAt, Instant lastLoginAt) {}
