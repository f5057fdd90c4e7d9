package dev.pledge.server.compliance;

import java.time.Instant;
import java.util.List;

/**
 * An extra check for {@code pledge verify}, registered as a bean by the module whose promise it
 * checks (for example rights requests past their deadline).
 */
@FunctionalInterface
public interface ComplianceCheck {

  List<Violation> check(Instant now);
}
