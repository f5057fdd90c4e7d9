package dev.pledge.server.retention;

import java.time.Instant;

/**
 * What a store holds under a retention rule.
 *
 * @param items every item in the store
 * @param due items whose retention is over
 * @param oldest the anchor time of the oldest item, or {@code null} when empty
 * @param nextDue when the next item not yet due becomes due, or {@code null} when none will (empty
 *     store, or kept permanently)
 */
public record StoreContents(long items, long due, Instant oldest, Instant nextDue) {

  public static final StoreContents EMPTY = new StoreContents(0, 0, null, null);
}
