package dev.pledge.policy;

/**
 * A promised response time.
 *
 * @param period the time allowed; {@code PT0S} means at once
 * @param businessDays true when only business days count
 */
public record Timeframe(PolicyDuration period, boolean businessDays) {

  public boolean immediate() {
    return period.approximate().isZero();
  }
}
