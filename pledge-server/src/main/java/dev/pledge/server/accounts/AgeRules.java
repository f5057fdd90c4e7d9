package dev.pledge.server.accounts;

import dev.pledge.policy.Children;
import dev.pledge.policy.Policy;
import java.time.LocalDate;
import java.time.Period;

/**
 * The policy's {@code children} section applied to one sign-up (B-33): under the minimum age, no
 * account; under the age a jurisdiction sets for the person's law, an account locked until a parent
 * consents; under the enhanced-protection age, a minor — public sharing and marketing off. Read
 * from the policy every time, never from constants: the policy is what is promised.
 */
final class AgeRules {

  /** What the rules say about one person. */
  enum Verdict {
    /** Under the minimum age: refused, and nothing kept but a daily count. */
    REFUSED,
    /** Old enough, but their law needs a parent's consent first. */
    NEEDS_PARENT,
    /** Old enough on their own. */
    ALLOWED
  }

  private final Children children;

  AgeRules(Policy policy) {
    this.children = policy.children();
  }

  static int age(LocalDate birthDate, LocalDate today) {
    return Period.between(birthDate, today).getYears();
  }

  Verdict verdict(LocalDate birthDate, String lawId, LocalDate today) {
    if (children == null) {
      return Verdict.ALLOWED;
    }
    int age = age(birthDate, today);
    if (age < children.minimumAge()) {
      return Verdict.REFUSED;
    }
    return age < consentAge(lawId) ? Verdict.NEEDS_PARENT : Verdict.ALLOWED;
  }

  /** Below this age a person under {@code lawId} needs a parent's consent; 0 when never. */
  int consentAge(String lawId) {
    if (children == null || lawId == null) {
      return 0;
    }
    return children.parentalConsent().stream()
        .filter(c -> c.jurisdiction().equals(lawId))
        .mapToInt(Children.ParentalConsent::under)
        .max()
        .orElse(0);
  }

  /** The highest age any jurisdiction of the policy asks a parent's consent under; 0 when none. */
  int highestConsentAge() {
    if (children == null) {
      return 0;
    }
    return children.parentalConsent().stream()
        .mapToInt(Children.ParentalConsent::under)
        .max()
        .orElse(0);
  }

  int minimumAge() {
    return children == null ? 0 : children.minimumAge();
  }

  /** A minor under the policy's enhanced protection: public sharing and marketing stay off. */
  boolean minor(LocalDate birthDate, LocalDate today) {
    return children != null
        && children.enhancedProtectionUnder() > 0
        && age(birthDate, today) < children.enhancedProtectionUnder();
  }
}
