package dev.pledge.server.rights;

import java.time.Instant;
import java.util.Optional;

/**
 * Processing stopped for one person by one rights request.
 *
 * @param property the property id
 * @param stops the purpose stopped, or empty for a restriction: every purpose
 * @param requestReference the request that caused it
 * @param since when it took effect
 * @param appliedBy who applied it
 * @param liftedAt when it was lifted, or {@code null} while it applies
 * @param liftedBy who lifted it, or {@code null}
 * @param liftReason why it was lifted, or {@code null}
 */
public record ProcessingRestriction(
    String property,
    Optional<ProcessingPurpose> stops,
    String requestReference,
    Instant since,
    String appliedBy,
    Instant liftedAt,
    String liftedBy,
    String liftReason) {

  /** The stored spelling of a restriction of every purpose. */
  static final String ALL = "all";

  public boolean active() {
    return liftedAt == null;
  }

  /** What stops, in words. */
  public String stopsInWords() {
    return stops
        .map(ProcessingPurpose::words)
        .orElse("all processing except storage and legal claims");
  }

  /** {@code all} or the purpose's key. */
  public String stopsKey() {
    return stops.map(ProcessingPurpose::key).orElse(ALL);
  }
}
