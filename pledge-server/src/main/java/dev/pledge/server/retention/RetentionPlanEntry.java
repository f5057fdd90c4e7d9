package dev.pledge.server.retention;

/**
 * What one store holds and what is due, under its category's rule.
 *
 * @param property property id
 * @param category category id
 * @param store store name
 * @param description what the store is
 * @param rule the rule in words
 * @param contents counts, oldest item and next due time
 */
public record RetentionPlanEntry(
    String property,
    String category,
    String store,
    String description,
    String rule,
    StoreContents contents) {}
