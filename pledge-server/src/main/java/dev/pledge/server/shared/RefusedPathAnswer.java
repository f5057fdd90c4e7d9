package dev.pledge.server.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A module's own answer to a request whose path was refused before any handler saw it (an encoded
 * slash or dot segment, say): an API answers in its own error format rather than with a page. The
 * refused-request pages ask every implementation first, and render their page when none answers.
 */
public interface RefusedPathAnswer {

  /**
   * Writes the answer (status included) if {@code path} is this module's, and says whether it did.
   *
   * @param propertyId the property the request was for (by host or {@code /p/{id}} prefix)
   * @param path the path within the property, as sent (still encoded)
   */
  boolean answer(
      String propertyId, String path, HttpServletRequest request, HttpServletResponse response)
      throws IOException;
}
