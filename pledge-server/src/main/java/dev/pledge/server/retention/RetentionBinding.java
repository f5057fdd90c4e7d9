package dev.pledge.server.retention;

import dev.pledge.policy.DataCategory;
import dev.pledge.server.policy.ServedProperty;
import java.time.Instant;

/**
 * A store bound to the policy category it holds.
 *
 * @param property the served property whose policy governs the store
 * @param category the category, with its retention rule
 * @param store the store
 */
public record RetentionBinding(
    ServedProperty property, DataCategory category, RetentionStore store) {

  /** The rule applied at {@code now}, or {@code null} when the category has no retention rule. */
  public RetentionRule ruleAt(Instant now) {
    return category.retention() == null ? null : new RetentionRule(property.id(), category, now);
  }
}
