package dev.pledge.server.retention;

import java.util.Map;

/**
 * The SPI through which a module declares its tables that hold no personal data (aggregates, keys,
 * job state), each with the reason, so {@code pledge verify} can flag every other table that no
 * retention store covers.
 */
@FunctionalInterface
public interface DeclaredTables {

  /** Table name → why it holds no personal data. */
  Map<String, String> withoutPersonalData();
}
