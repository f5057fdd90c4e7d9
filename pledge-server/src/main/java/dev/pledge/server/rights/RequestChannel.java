package dev.pledge.server.rights;

import java.util.Arrays;

/** How a rights request arrived (B-29). */
public enum RequestChannel {
  FORM("form"),
  EMAIL("email"),
  API("api"),
  ACCOUNT("account"),
  SUPPORT("support"),
  LEGAL("legal");

  private final String key;

  RequestChannel(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  static RequestChannel fromKey(String key) {
    return Arrays.stream(values())
        .filter(c -> c.key.equals(key))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown request channel '" + key + "'"));
  }
}
