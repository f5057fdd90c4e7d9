package dev.pledge.server.incidents;

import java.util.List;
import java.util.Map;

/**
 * Who an incident affects, as counts only: people in the affected stores, by storage region and by
 * the law the policy names for them — never who they are.
 *
 * @param people distinct people across the affected stores that can list them
 * @param byRegion people by their account's storage region ({@code unknown} where none is known)
 * @param byLaw people by the policy law's name ({@code no law named in the policy} otherwise)
 * @param stores the affected stores, by name
 * @param unlisted affected stores that cannot list the people in them (counted as unknown)
 */
record Affected(
    long people,
    Map<String, Long> byRegion,
    Map<String, Long> byLaw,
    List<String> stores,
    List<String> unlisted) {

  Affected {
    byRegion = Map.copyOf(byRegion);
    byLaw = Map.copyOf(byLaw);
    stores = List.copyOf(stores);
    unlisted = List.copyOf(unlisted);
  }
}
