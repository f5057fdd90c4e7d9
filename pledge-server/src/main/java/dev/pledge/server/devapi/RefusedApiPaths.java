package dev.pledge.server.devapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.shared.RefusedPathAnswer;
import dev.pledge.server.studio.Studio;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;

/**
 * A refused path under the studio's {@code /api/v1} (an encoded {@code ../}, say) is a route the
 * API does not have: the same problem+json 404 as {@link UnknownApiRoutes}, never the HTML page a
 * browser gets — a script parses what the API always answers.
 */
@Component
class RefusedApiPaths implements RefusedPathAnswer {

  private final Studio studio;
  private final ObjectMapper json;

  RefusedApiPaths(Studio studio, ObjectMapper json) {
    this.studio = studio;
    this.json = json;
  }

  @Override
  public boolean answer(
      String propertyId, String path, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!studio.id().equals(propertyId) || !isApiPath(path)) {
      return false;
    }
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    ApiErrors.write(json, UnknownApiRoutes.noSuchRoute(), request, response);
    return true;
  }

  /** {@code /api/v1} itself or anything below it, however the rest is spelled. */
  static boolean isApiPath(String path) {
    return path.equals("/api/v1") || path.startsWith("/api/v1/") || path.startsWith("/api/v1%");
  }
}
