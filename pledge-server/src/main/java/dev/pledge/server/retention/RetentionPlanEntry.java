package dev.pledge.server.retention;

/**
 * What one store holds and what is due, under its category's rule.
 *
 * @param property property id
 * @param category category id
 * @param store store name
 * @param description what the store is
 * @param rule the rule in the published policy's words ("Up to 90 days, then deleted")
 * @param contents counts, oldest item and next due time; {@code null} when the store could not be
 *     read
 * @param categoryTitle the category's title in the policy
 * @param unavailable why the store could not be read, or {@code null}
 */
public record RetentionPlanEntry(
    String property,
    String category,
    String store,
    String description,
    String rule,
    StoreContents contents,
    String categoryTitle,
    String unavailable) {

  /** Whether the store answered. */
  public boolean available() {
    return unavailable == null;
  }
}
