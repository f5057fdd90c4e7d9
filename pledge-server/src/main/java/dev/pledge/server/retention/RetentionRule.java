package dev.pledge.server.retention;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.shared.PropertyId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * A category's retention rule from the policy, applied at one moment: what a store needs to find
 * what is due.
 *
 * @param property the property whose policy states the rule
 * @param category the category, with its retention
 * @param now the moment of the sweep (from the server's clock, so tests can move time)
 */
public record RetentionRule(PropertyId property, DataCategory category, Instant now) {

  public RetentionRule {
    if (category.retention() == null) {
      throw new IllegalArgumentException(category.id() + " has no retention rule");
    }
  }

  public Retention retention() {
    return category.retention();
  }

  public RetentionPeriod period() {
    return retention().period();
  }

  public Retention.Anchor anchor() {
    return retention().anchor();
  }

  public Retention.ExpiryAction action() {
    return retention().action();
  }

  /**
   * Items anchored before this instant are due. Empty when kept permanently; for a range chosen per
   * subject, the cut-off of the default choice (stores with a per-subject column use {@link
   * #cutoffFor} per row instead).
   */
  public Optional<Instant> cutoff() {
    RetentionPeriod p = period();
    return switch (p.kind()) {
      case FIXED -> Optional.of(cutoffFor(p.fixed()));
      case PERMANENT -> Optional.empty();
      case RANGE -> Optional.ofNullable(p.defaultChoice()).map(this::cutoffFor);
    };
  }

  /**
   * For stores that expire whole UTC days (partitions, day files): the first day still kept; every
   * earlier day holds only items past their retention. Empty when nothing expires by a fixed or
   * default period.
   */
  public Optional<LocalDate> firstKeptDay() {
    return cutoff().map(c -> LocalDate.ofInstant(c, ZoneOffset.UTC));
  }

  /** {@code now} minus {@code keep}, in calendar terms (months are months, not 30 days). */
  public Instant cutoffFor(PolicyDuration keep) {
    return keep.subtractFrom(LocalDateTime.ofInstant(now, ZoneOffset.UTC))
        .toInstant(ZoneOffset.UTC);
  }

  /** When an item anchored at {@code anchor} becomes due under the fixed or default period. */
  public Optional<Instant> dueAt(Instant anchor) {
    RetentionPeriod p = period();
    PolicyDuration keep =
        switch (p.kind()) {
          case FIXED -> p.fixed();
          case PERMANENT -> null;
          case RANGE -> p.defaultChoice();
        };
    return Optional.ofNullable(keep)
        .map(
            k ->
                k.addTo(LocalDateTime.ofInstant(anchor, ZoneOffset.UTC)).toInstant(ZoneOffset.UTC));
  }

  /** The rule in words, for plans and reports: "P90D from collection, delete". */
  public String describe() {
    RetentionPeriod p = period();
    String keep =
        switch (p.kind()) {
          case FIXED -> p.fixed().text();
          case PERMANENT -> "permanent";
          case RANGE ->
              (p.min() == null ? "?" : p.min().text())
                  + ".."
                  + (p.max() == null ? "permanent" : p.max().text())
                  + " (default "
                  + (p.defaultChoice() == null ? "permanent" : p.defaultChoice().text())
                  + ")";
        };
    return keep + " from " + anchor().key() + ", " + action().key();
  }
}
