package dev.pledge.server.rights;

import java.time.Instant;

/**
 * A rights request past its due date and not closed; carries no personal data, so it can be shown
 * in reports and logs.
 */
public record OverdueRequest(
    String property,
    String reference,
    RightsRequestKind kind,
    RightsRequestStatus status,
    Instant dueAt) {}
