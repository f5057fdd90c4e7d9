package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Lazy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Which requests the studio's security chain and sessions cover: every request of the studio's
 * property except the engine's own pages there — the published policy, the privacy center, the
 * analytics endpoint, the server's assets — which stay stateless and cookieless as on every
 * property. A module that needs another chain for a part of the studio (the developer API's bearer
 * keys) registers it with a lower {@code @Order} and a matcher from {@link #matcher(String)}.
 */
@Component
public class StudioRequests implements RequestMatcher {

  private static final PathPatternRequestMatcher.Builder PATHS =
      PathPatternRequestMatcher.withDefaults();

  /** The engine's pages on a property: they answer for every property the same way. */
  private static final List<RequestMatcher> ENGINE =
      List.of(
          PATHS.matcher("/privacy"),
          PATHS.matcher("/privacy.md"),
          PATHS.matcher("/privacy.json"),
          PATHS.matcher("/privacy.css"),
          PATHS.matcher("/site/**"),
          PATHS.matcher("/privacy/**"),
          PATHS.matcher("/api/event"),
          PATHS.matcher("/assets/**"),
          PATHS.matcher("/actuator/**"),
          PATHS.matcher("/error"));

  private final Studio studio;
  private final StudioHandlerMapping mapping;

  StudioRequests(Studio studio, @Lazy StudioHandlerMapping mapping) {
    this.studio = studio;
    this.mapping = mapping;
  }

  /**
   * Studio requests no studio page answers: the studio's "not found" page, which anyone may see —
   * an unknown address is a 404 for everybody, not a sign-in page.
   */
  public RequestMatcher unmapped() {
    return request -> matches(request) && !mapping.maps(request);
  }

  @Override
  public boolean matches(HttpServletRequest request) {
    if (!studio.serves(request)) {
      return false;
    }
    for (RequestMatcher engine : ENGINE) {
      if (engine.matches(request)) {
        return false;
      }
    }
    return true;
  }

  /** Studio requests whose path (after the {@code /p/{id}} prefix) matches {@code pattern}. */
  public RequestMatcher matcher(String pattern) {
    RequestMatcher path = PATHS.matcher(pattern);
    return request -> matches(request) && path.matches(request);
  }
}
