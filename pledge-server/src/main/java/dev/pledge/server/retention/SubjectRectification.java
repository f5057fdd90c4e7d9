package dev.pledge.server.retention;

import java.util.List;

/**
 * A store that can correct one person's items: the rectification half of the SPI (issue 6, A-15,
 * B-27), next to {@link SubjectErasure} and {@link SubjectExport}. {@link TableRetentionStore}
 * implements it for the columns named with {@code .correctable(...)}.
 */
public interface SubjectRectification {

  /** The fields of a person's items that can be corrected here; empty when none can. */
  List<String> correctableFields();

  /**
   * Sets {@code field} to {@code newValue} on every item of {@code subjectId} in this store, and
   * only theirs, in one transaction that also calls {@code journal} (so the audit entry exists
   * exactly when the correction committed).
   *
   * @return how many items changed
   * @throws IllegalArgumentException when {@code field} is not correctable here, or the value is
   *     not acceptable for it (the message says what is expected)
   */
  long rectify(String subjectId, String field, String newValue, Journal journal);

  /** Where a correction is recorded; the values themselves are never passed to it. */
  @FunctionalInterface
  interface Journal {
    /**
     * @param items how many items the step changed
     * @param detail what was done, without personal data (e.g. "requester_address corrected")
     */
    void rectified(long items, String detail);
  }

  /**
   * The check every implementation makes first.
   *
   * @throws IllegalArgumentException naming the fields that can be corrected
   */
  static void requireCorrectable(String store, List<String> fields, String field, String value) {
    if (field == null || !fields.contains(field)) {
      throw new IllegalArgumentException(
          "'"
              + field
              + "' cannot be corrected in "
              + store
              + (fields.isEmpty() ? ": nothing there can be" : "; correctable: " + fields));
    }
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "give the corrected value of " + field + "; to remove data, use an erasure request");
    }
    if (value.length() > 1000) {
      throw new IllegalArgumentException("a corrected value is at most 1000 characters");
    }
  }
}
