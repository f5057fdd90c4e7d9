package dev.pledge.server.billing;

import java.time.Instant;

/**
 * One entry of an account's credit ledger.
 *
 * @param id the entry's id (a UUID)
 * @param kind what it is
 * @param credits credits added (positive) or used (negative)
 * @param balanceAfter the balance right after it
 * @param reason why, in a few words ("edit: rotate", "Pro plan, monthly credits")
 * @param reference what it is about: the job, the checkout, the month; unique per kind and account
 * @param at when
 */
public record CreditEntry(
    String id,
    CreditKind kind,
    long credits,
    long balanceAfter,
    String reason,
    String reference,
    Instant at) {}
