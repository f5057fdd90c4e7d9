package dev.pledge.server.rights;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a deadline was extended, as the audit trail records it: a ground the law recognises (GDPR
 * Art. 12(3): the complexity and number of the requests; CCPA: reasonably necessary), chosen from
 * this list. The operator's own words go to the requester and the request's history, never to the
 * audit trail, because free text can name people.
 */
public enum ExtensionGround {
  COMPLEXITY("complexity", "The request is complex"),
  NUMBER_OF_REQUESTS("number-of-requests", "Many requests to answer"),
  OTHER("other", "Another reason (in the request's history)");

  private final String key;
  private final String label;

  ExtensionGround(String key, String label) {
    this.key = key;
    this.label = label;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  public static Optional<ExtensionGround> fromKey(String key) {
    return Arrays.stream(values()).filter(g -> g.key.equals(key)).findFirst();
  }
}
