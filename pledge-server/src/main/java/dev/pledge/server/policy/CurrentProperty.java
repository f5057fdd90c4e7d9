package dev.pledge.server.policy;

import jakarta.servlet.ServletRequest;
import java.util.Optional;

/** The property the current request belongs to, as decided by {@link PropertyRoutingFilter}. */
public final class CurrentProperty {

  static final String ATTRIBUTE = CurrentProperty.class.getName();

  private CurrentProperty() {}

  public static Optional<ServedProperty> of(ServletRequest request) {
    return Optional.ofNullable((ServedProperty) request.getAttribute(ATTRIBUTE));
  }
}
