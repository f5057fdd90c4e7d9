package dev.pledge.server.rights;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a request was refused, as the audit trail records it: a ground from this list (GDPR Art.
 * 12(5) and 12(6), CCPA §1798.145). The operator's own words go to the requester and the request's
 * history, never to the audit trail, because free text can name people.
 */
public enum RejectionGround {
  IDENTITY_NOT_CONFIRMED(
      "identity-not-confirmed", "The requester's identity could not be confirmed"),
  MANIFESTLY_UNFOUNDED("manifestly-unfounded", "Manifestly unfounded"),
  EXCESSIVE("excessive", "Excessive or repetitive"),
  LEGAL_EXEMPTION("legal-exemption", "A legal exemption applies"),
  NOT_APPLICABLE("not-applicable", "No such data or not a request to this property"),
  WITHDRAWN("withdrawn", "Withdrawn by the requester"),
  OTHER("other", "Another reason (in the request's history)");

  private final String key;
  private final String label;

  RejectionGround(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public static Optional<RejectionGround> fromKey(String key) {
    return Arrays.stream(values()).filter(g -> g.key.equals(key)).findFirst();
  }
}
