package dev.pledge.server.retention;

import java.time.Duration;

/**
 * What one sweep did to one store.
 *
 * @param property property id
 * @param category category id
 * @param store store name
 * @param expired items expired (deleted, anonymised or dropped)
 * @param took how long the store took
 * @param error why the store failed, without personal data, or {@code null}
 */
public record SweepResult(
    String property, String category, String store, long expired, Duration took, String error) {}
