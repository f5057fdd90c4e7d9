package dev.pledge.policy;

import java.util.List;

/**
 * Rules for children.
 *
 * @param minimumAge no accounts below this age
 * @param parentalConsent where parental consent is required, and below which age
 * @param enhancedProtectionUnder below this age extra protections apply (no marketing, private by
 *     default), or 0 when none
 * @param parentalRights what a parent or guardian can do for a child's account
 */
public record Children(
    int minimumAge,
    List<ParentalConsent> parentalConsent,
    int enhancedProtectionUnder,
    List<String> parentalRights) {

  public Children {
    parentalConsent = List.copyOf(parentalConsent);
    parentalRights = List.copyOf(parentalRights);
  }

  /**
   * Parental consent required for people younger than {@code under} in {@code jurisdiction}.
   *
   * @param jurisdiction id of a declared law or a region name
   * @param under age below which consent is required
   */
  public record ParentalConsent(String jurisdiction, int under) {}
}
