package dev.pledge.policy;

/**
 * A category's retention rule.
 *
 * @param period how long
 * @param anchor the moment the period is counted from
 * @param action what happens at expiry
 * @param aggregateRetention with {@link ExpiryAction#AGGREGATE_THEN_DELETE}: how long the
 *     anonymised aggregates are kept (usually permanent); otherwise {@code null}
 * @param legalHold a period that overrides erasure requests (payment records kept 7 years), or
 *     {@code null}
 * @param note extra plain-language words shown beside the rule, or {@code null}
 */
public record Retention(
    RetentionPeriod period,
    Anchor anchor,
    ExpiryAction action,
    RetentionPeriod aggregateRetention,
    LegalHold legalHold,
    String note) {

  /**
   * The rule as the published policy's table words it: "Up to 90 days, then deleted", "Duration of
   * exchange plus up to 12 months", with a legal hold after it.
   */
  public String inWords() {
    return PlainWords.retention(this);
  }

  /** The moment a retention period starts counting from. */
  public enum Anchor {
    COLLECTION("collection"),
    LAST_ACTIVITY("last-activity"),
    LAST_MESSAGE("last-message"),
    ACCOUNT_DELETION("account-deletion"),
    LEGAL_HOLD_END("legal-hold-end");

    private final String key;

    Anchor(String key) {
      this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
      return key;
    }
  }

  /** What retention does to an item once its period is over. */
  public enum ExpiryAction {
    DELETE("delete"),
    ANONYMISE("anonymise"),
    AGGREGATE_THEN_DELETE("aggregate-then-delete");

    private final String key;

    ExpiryAction(String key) {
      this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
      return key;
    }
  }

  /**
   * Items kept past an erasure request because a law requires it.
   *
   * @param period how long the hold lasts
   * @param reason the legal reason, as the published policy states it
   */
  public record LegalHold(PolicyDuration period, String reason) {}
}
