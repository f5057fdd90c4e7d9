package dev.pledge.server.audit;

import java.util.List;

/**
 * What verifying the audit trail found.
 *
 * @param intact true when every entry and checkpoint checks out
 * @param entries entries read
 * @param checkpoints checkpoints read
 * @param lastCheckpoint the last valid checkpoint, or null
 * @param firstBadEntry the first entry that is missing, altered, inserted or out of place; null
 *     when intact, or when the problem is a checkpoint's own
 * @param problem what is wrong, for a person; null when intact
 * @param keyFingerprints the public keys that signed the checkpoints, for comparing with a copy the
 *     auditor keeps
 */
public record AuditVerification(
    boolean intact,
    long entries,
    long checkpoints,
    AuditCheckpoint lastCheckpoint,
    Long firstBadEntry,
    String problem,
    List<String> keyFingerprints) {

  /** One line for a person: the CLI and the console print this. */
  public String summary() {
    if (!intact) {
      return "Audit trail BROKEN"
          + (firstBadEntry == null ? "" : " at entry " + firstBadEntry)
          + ": "
          + problem;
    }
    String last =
        lastCheckpoint == null
            ? "no checkpoint yet"
            : "last checkpoint #"
                + lastCheckpoint.no()
                + " at entry "
                + lastCheckpoint.seq()
                + ", "
                + lastCheckpoint.at();
    return "Audit trail intact: "
        + entries
        + (entries == 1 ? " entry, " : " entries, ")
        + checkpoints
        + (checkpoints == 1 ? " checkpoint, " : " checkpoints, ")
        + last;
  }
}
