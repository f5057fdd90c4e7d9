package dev.pledge.server.rights;

import java.time.Instant;

/**
 * One entry of a request's history: a status change or an extension.
 *
 * @param at when
 * @param status the status after it
 * @param event {@code status} or {@code extended}
 * @param note why, or {@code null}
 * @param actor who: {@code system:…} or an operator name
 */
public record RightsRequestEvent(
    Instant at, RightsRequestStatus status, String event, String note, String actor) {}
