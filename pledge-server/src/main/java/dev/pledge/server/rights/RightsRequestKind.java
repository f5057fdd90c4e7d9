package dev.pledge.server.rights;

import dev.pledge.policy.Right;
import java.util.Arrays;
import java.util.Optional;

/**
 * What a rights request asks for. Most kinds are the rights a policy offers; a general privacy
 * inquiry and a disclosure to an authority (B-26) are tracked the same way so that every message to
 * a published contact reaches a queue with a clock (B-39).
 */
public enum RightsRequestKind {
  ACCESS("access", Right.Kind.ACCESS),
  PORTABILITY("portability", Right.Kind.PORTABILITY),
  RECTIFICATION("rectification", Right.Kind.RECTIFICATION),
  ERASURE("erasure", Right.Kind.ERASURE),
  RESTRICTION("restriction", Right.Kind.RESTRICTION),
  /** Objection to one purpose; see {@link ObjectionPurpose}. */
  OBJECTION("objection", Right.Kind.OBJECTION),
  /** Opt-out of the sale or sharing of personal information (CCPA). */
  OPT_OUT_OF_SALE("opt-out-of-sale", Right.Kind.OPT_OUT_OF_SALE),
  /** Anything else written to a privacy contact: answered on the general response time. */
  INQUIRY("inquiry", null),
  /** A disclosure to an authority, recorded with what, when and the legal basis (B-26). */
  AUTHORITY_DISCLOSURE("authority-disclosure", null);

  private final String key;
  private final Right.Kind right;

  RightsRequestKind(String key, Right.Kind right) {
    this.key = key;
    this.right = right;
  }

  /** The spelling stored and shown. */
  public String key() {
    return key;
  }

  /** The right of the policy language this kind exercises, if it is one. */
  public Optional<Right.Kind> right() {
    return Optional.ofNullable(right);
  }

  /** A policy right as a request kind; CCPA's right to know is answered as an access request. */
  public static Optional<RightsRequestKind> of(Right.Kind right) {
    if (right == Right.Kind.KNOW) {
      return Optional.of(ACCESS);
    }
    return Arrays.stream(values()).filter(k -> k.right == right).findFirst();
  }

  static RightsRequestKind fromKey(String key) {
    return Arrays.stream(values())
        .filter(k -> k.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown request kind '" + key + "'"));
  }
}
