package dev.pledge.server.billing;

import dev.pledge.policy.PolicyDuration;

/**
 * A plan of the studio, from configuration ({@code pledge.studio.plans.*}).
 *
 * @param id the plan's key: {@code free}, {@code pro}, {@code enterprise}
 * @param name its name as shown (a product name, the same in every language)
 * @param monthlyCredits credits granted at the start of each monthly period
 * @param priceCents the price per month in the currency's minor unit (0 for the free plan)
 * @param currency ISO 4217 code, upper case
 * @param maxUploadBytes the largest image an upload may be
 * @param maxPixels the most pixels (width × height) an image may have
 * @param apiRequestsPerMinute API requests allowed per minute, per account
 * @param maxConcurrentJobs edit jobs that may run at once, per account
 * @param retentionMin the shortest image retention a person on this plan may choose
 * @param retentionMax the longest, or {@code null} for permanent
 * @param retentionDefault what applies when the person chose nothing, or {@code null} for permanent
 *     (only where {@code retentionMax} is permanent)
 */
public record Plan(
    String id,
    String name,
    long monthlyCredits,
    long priceCents,
    String currency,
    long maxUploadBytes,
    long maxPixels,
    int apiRequestsPerMinute,
    int maxConcurrentJobs,
    PolicyDuration retentionMin,
    PolicyDuration retentionMax,
    PolicyDuration retentionDefault) {

  /** Whether the plan costs money (it is bought through the payment processor). */
  public boolean paid() {
    return priceCents > 0;
  }

  /** Whether images may be kept permanently on this plan. */
  public boolean permanentAllowed() {
    return retentionMax == null;
  }

  /**
   * Whether a person on this plan may choose to keep images for {@code period}: within [{@code
   * retentionMin}, {@code retentionMax}]; {@code null} means permanently, allowed only where the
   * maximum is permanent.
   */
  public boolean allowsRetention(PolicyDuration period) {
    if (period == null) {
      return retentionMax == null;
    }
    return period.compareTo(retentionMin) >= 0
        && (retentionMax == null || period.compareTo(retentionMax) <= 0);
  }
}
