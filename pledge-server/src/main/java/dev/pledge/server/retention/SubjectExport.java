package dev.pledge.server.retention;

import java.util.Map;
import java.util.function.Consumer;

/**
 * A store that can hand over one person's items: the access and portability half of the SPI (issue
 * 6, A-15, B-27), next to {@link SubjectErasure}. {@link TableRetentionStore} implements it for any
 * table with a subject column.
 */
public interface SubjectExport {

  /** False for a store that cannot tell whose an item is: an export passes it by. */
  default boolean exportsSubjects() {
    return true;
  }

  /**
   * Streams {@code subjectId}'s items, one at a time, to {@code items}: each item a JSON-ready map
   * of field → value (strings, numbers, booleans, null, lists; timestamps as ISO-8601 strings,
   * binary values as base64). Only the person's items, never another's.
   *
   * @return how many items were streamed
   */
  long export(String subjectId, Consumer<Map<String, Object>> items);
}
