package dev.pledge.server.retention;

import java.time.Instant;
import java.util.List;

/**
 * One retention sweep.
 *
 * @param id the sweep's id, also in its audit entries
 * @param at the moment the rules were applied
 * @param ran false when another sweep (another instance, or the CLI) was running, so this one did
 *     nothing
 * @param results one per store
 */
public record SweepReport(String id, Instant at, boolean ran, List<SweepResult> results) {

  public long expired() {
    return results.stream().mapToLong(SweepResult::expired).sum();
  }

  public boolean failed() {
    return results.stream().anyMatch(r -> r.error() != null);
  }
}
