package dev.pledge.server.rights;

import java.util.Arrays;

/** The purposes a person can object to (A-15, B-40). */
public enum ObjectionPurpose {
  ANALYTICS("analytics"),
  MARKETING("marketing"),
  /** Use of anonymised feedback to improve models (B-40). */
  MODEL_TRAINING("model-training");

  private final String key;

  ObjectionPurpose(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  static ObjectionPurpose fromKey(String key) {
    return Arrays.stream(values())
        .filter(p -> p.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown objection purpose '" + key + "'"));
  }
}
