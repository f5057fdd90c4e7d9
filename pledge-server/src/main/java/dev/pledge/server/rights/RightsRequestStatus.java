package dev.pledge.server.rights;

import java.util.Arrays;

/**
 * Where a rights request stands. An extension does not change the status; it is recorded in the
 * request's history and moves its due date.
 */
public enum RightsRequestStatus {
  RECEIVED("received"),
  AWAITING_VERIFICATION("awaiting-verification"),
  VERIFIED("verified"),
  IN_PROGRESS("in-progress"),
  COMPLETED("completed"),
  REJECTED("rejected"),
  /** Never verified in time: closed without acting on it. */
  EXPIRED("expired");

  private final String key;

  RightsRequestStatus(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** True once nothing more is owed to the requester. */
  public boolean closed() {
    return this == COMPLETED || this == REJECTED || this == EXPIRED;
  }

  static RightsRequestStatus fromKey(String key) {
    return Arrays.stream(values())
        .filter(s -> s.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown request status '" + key + "'"));
  }
}
