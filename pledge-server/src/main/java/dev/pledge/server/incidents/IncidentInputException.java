package dev.pledge.server.incidents;

import java.util.Map;

/** Input an operator must fix: field → what is wrong and how to fix it. */
final class IncidentInputException extends RuntimeException {

  private final transient Map<String, String> errors;

  IncidentInputException(Map<String, String> errors) {
    super("invalid incident input: " + String.join(", ", errors.keySet()));
    this.errors = Map.copyOf(errors);
  }

  IncidentInputException(String field, String problem) {
    this(Map.of(field, problem));
  }

  Map<String, String> errors() {
    return errors;
  }
}
