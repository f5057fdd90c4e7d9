package dev.pledge.server.processors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A disclosure the operator must correct: form field → what is wrong and how to fix it. */
final class DisclosureInputException extends RuntimeException {

  private final transient Map<String, String> errors;

  DisclosureInputException(Map<String, String> errors) {
    super("invalid disclosure: " + String.join(", ", errors.keySet()));
    // In the order the form asks for them.
    this.errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  Map<String, String> errors() {
    return errors;
  }
}
