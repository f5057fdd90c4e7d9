package dev.pledge.server.accounts;

import java.util.Arrays;

/** Where an account stands. */
public enum AccountStatus {
  /** In use. */
  ACTIVE("active"),
  /** A child's account waiting for a parent's consent: nobody can sign in to it yet (B-33). */
  AWAITING_PARENT("awaiting-parent"),
  /** Deleted by its owner: restorable for 90 days, then erased by retention (B-16). */
  DELETED("deleted");

  private final String key;

  AccountStatus(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  static AccountStatus fromKey(String key) {
    return Arrays.stream(values())
        .filter(s -> s.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown account status '" + key + "'"));
  }
}
