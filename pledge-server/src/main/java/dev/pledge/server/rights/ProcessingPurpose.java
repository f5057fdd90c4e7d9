package dev.pledge.server.rights;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a module is about to do with a person's data, as it asks {@link ProcessingRestrictions}
 * before doing it. A restriction stops all of them (storage and legal claims are never asked
 * about); an objection stops the one it names; an opt-out of sale stops {@link #SALE_OR_SHARING}.
 */
public enum ProcessingPurpose {
  /** Changing or computing over the person's data: edits, derived images, profile updates. */
  EDITING("editing", "edits and other changes to the person's data"),
  ANALYTICS("analytics", "analytics"),
  MARKETING("marketing", "marketing"),
  /** Use of the person's (anonymised) feedback to improve models (B-40). */
  MODEL_TRAINING("model-training", "use of feedback to improve models"),
  /** Selling or sharing personal information with third parties (CCPA opt-out). */
  SALE_OR_SHARING("sale-or-sharing", "sale or sharing of personal information");

  private final String key;
  private final String words;

  ProcessingPurpose(String key, String words) {
    this.key = key;
    this.words = words;
  }

  /** The spelling stored and shown. */
  public String key() {
    return key;
  }

  /** The purpose in words, for notes and pages. */
  public String words() {
    return words;
  }

  /** The purpose an objection stops. */
  public static ProcessingPurpose of(ObjectionPurpose objection) {
    return switch (objection) {
      case ANALYTICS -> ANALYTICS;
      case MARKETING -> MARKETING;
      case MODEL_TRAINING -> MODEL_TRAINING;
    };
  }

  static Optional<ProcessingPurpose> fromKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }
}
