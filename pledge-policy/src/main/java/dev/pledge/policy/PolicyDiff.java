package dev.pledge.policy;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What changed between two versions of a policy, and which changes are material: the ones a person
 * must be told about before they apply (A-20, B-37), such as a new category or purpose, longer
 * retention, a new processor, region or transfer, a new consent cookie, selling or wider sharing,
 * or a right or channel taken away. Shorter retention, rewording and new dates are not material.
 *
 * <p>Beyond that list, anything else that makes a promise weaker for the person counts as material
 * too (a longer deadline, a lower minimum age, an anonymised category becoming identifiable),
 * because a policy engine should err towards telling people.
 *
 * @param changes the changes, grouped by area in policy order
 */
public record PolicyDiff(List<Change> changes) {

  public PolicyDiff {
    changes = List.copyOf(changes);
  }

  /**
   * One difference between the versions.
   *
   * @param path where in the policy, for example {@code categories[email.correspondence].retention}
   * @param description what changed, in plain words, old value before new
   * @param material true when people must be told before it applies
   */
  public record Change(String path, String description, boolean material) {

    public Change {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(description, "description");
    }
  }

  /** Compares {@code older} with {@code newer}. */
  public static PolicyDiff compare(Policy older, Policy newer) {
    return new PolicyDiff(
        PolicyComparison.compare(
            Objects.requireNonNull(older, "older"), Objects.requireNonNull(newer, "newer")));
  }

  /** True when at least one change is material. */
  public boolean hasMaterial() {
    return changes.stream().anyMatch(Change::material);
  }

  /** Only the material changes. */
  public List<Change> material() {
    return changes.stream().filter(Change::material).toList();
  }

  /** True when the versions say the same thing. */
  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * One line per change, {@code MATERIAL } in front of the material ones; {@code no changes} when
   * there are none.
   */
  public String format() {
    if (changes.isEmpty()) {
      return "no changes";
    }
    return changes.stream()
        .map(c -> (c.material() ? "MATERIAL " : "") + c.path() + ": " + c.description())
        .collect(Collectors.joining("\n"));
  }
}
