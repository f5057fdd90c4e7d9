package dev.pledge.server.retention;

import java.io.IOException;
import java.io.InputStream;

/**
 * A store that holds original files of a person (images, documents): an access export adds them to
 * the ZIP as they are, under {@code originals/{category}/{name}}, next to the JSON items that
 * {@link SubjectExport} gives (issue 6: "original files (images)").
 */
public interface SubjectFileExport {

  /**
   * Streams {@code subjectId}'s files, one at a time, to {@code files}; names are unique within the
   * store and contain no slashes. Only the person's files, never another's.
   *
   * @return how many files were streamed
   */
  long exportFiles(String subjectId, FileSink files) throws IOException;

  /** Receives one file; {@code content} is read to its end before the next file comes. */
  @FunctionalInterface
  interface FileSink {
    void file(String name, InputStream content) throws IOException;
  }
}
