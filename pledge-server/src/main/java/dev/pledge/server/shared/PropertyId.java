package dev.pledge.server.shared;

import java.util.regex.Pattern;

/** The id of a property (a service governed by one policy), as used in paths and the CLI. */
public record PropertyId(String value) {

  private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public PropertyId {
    if (value == null || !VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "a property id is 1-63 lower-case letters, digits and dashes, e.g. reference-site");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
