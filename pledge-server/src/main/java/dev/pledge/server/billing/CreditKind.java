package dev.pledge.server.billing;

import java.util.Arrays;
import java.util.Optional;

/** What a credit ledger entry is. */
public enum CreditKind {
  /** The plan's credits for a new monthly period. */
  MONTHLY_GRANT("monthly-grant", true),
  /** A credit pack bought at the payment processor. */
  PURCHASE("purchase", true),
  /** Credits given away (a welcome, an apology). */
  PROMOTION("promotion", true),
  /** Credits used, for an edit. */
  CHARGE("charge", false),
  /** Credits given back, for an edit that failed. */
  REFUND("refund", false),
  /** Purchased credits taken back because the payment was refunded. */
  REVERSAL("reversal", false);

  private final String key;
  private final boolean grant;

  CreditKind(String key, boolean grant) {
    this.key = key;
    this.grant = grant;
  }

  /** The spelling in the ledger table. */
  public String key() {
    return key;
  }

  /** Whether {@link Credits#grant} may record it. */
  public boolean grant() {
    return grant;
  }

  static Optional<CreditKind> of(String key) {
    return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
  }
}
