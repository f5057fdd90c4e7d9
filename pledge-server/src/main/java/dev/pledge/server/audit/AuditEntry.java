package dev.pledge.server.audit;

import java.time.Instant;

/**
 * An entry of the audit trail as stored. {@code hash} is the SHA-256 of the entry's canonical
 * encoding, which includes {@code prevHash}, the hash of the entry before it (docs/audit-trail.md).
 *
 * @param seq position in the trail, from 1, without gaps
 * @param at when it was appended (microsecond precision)
 * @param actor who did it
 * @param action what was done
 * @param propertyId the property concerned, or null
 * @param category the data-category id, or null
 * @param store the store concerned, or null
 * @param itemCount how many items, or null
 * @param subjectRef keyed hash of the subject's id (64 hex digits), or null
 * @param details JSON object text, exactly as hashed
 * @param prevHash the previous entry's hash (64 zeros for the first)
 * @param hash this entry's hash, lower-case hex
 */
public record AuditEntry(
    long seq,
    Instant at,
    String actor,
    String action,
    String propertyId,
    String category,
    String store,
    Long itemCount,
    String subjectRef,
    String details,
    String prevHash,
    String hash) {

  AuditEntry withHash(String value) {
    return new AuditEntry(
        seq,
        at,
        actor,
        action,
        propertyId,
        category,
        store,
        itemCount,
        subjectRef,
        details,
        prevHash,
        value);
  }
}
