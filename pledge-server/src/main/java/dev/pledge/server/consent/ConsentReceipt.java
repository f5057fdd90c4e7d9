package dev.pledge.server.consent;

import java.time.Instant;
import java.util.List;

/**
 * One recorded cookie choice: the proof of consent (or of its refusal).
 *
 * @param id random receipt id, shown to the person
 * @param accountId the signed-in account, or {@code null}
 * @param deviceRef the random consent id of the browser's {@code cc_cookie}, or {@code null}
 * @param granted categories allowed (the strictly necessary ones always)
 * @param refused categories refused
 * @param policySha256 the policy version in force
 * @param revision the consent revision of the policy's cookie inventory
 * @param source how the choice was made
 * @param gpc true when the browser sent Global Privacy Control with it
 * @param recordedAt when
 */
record ConsentReceipt(
    String id,
    String accountId,
    String deviceRef,
    List<String> granted,
    List<String> refused,
    String policySha256,
    int revision,
    Source source,
    boolean gpc,
    Instant recordedAt) {

  /** Where a choice came from. */
  enum Source {
    BANNER,
    SETTINGS,
    GPC;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Source of(String key) {
      for (Source s : values()) {
        if (s.key().equals(key)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown source " + key);
    }
  }
}
