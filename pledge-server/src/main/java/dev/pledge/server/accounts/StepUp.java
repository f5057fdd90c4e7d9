package dev.pledge.server.accounts;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A fresh second factor for sensitive operations (B-12): exporting data, deleting the account,
 * changing the address, creating API keys. A studio controller calls {@link #require} before doing
 * one; when the second factor is not fresh, the person is taken to "confirm it's you" (or, without
 * a second factor, to set one up) and brought back to {@code returnTo} to try again.
 *
 * <pre>{@code
 * @PostMapping("/account/api-keys")
 * String create(HttpServletRequest request, ...) {
 *   stepUp.require(request, "/account/api-keys");   // throws StepUp.Required → the confirm page
 *   ...
 * }
 * }</pre>
 */
@Component
public class StepUp {

  /** The second factor is not fresh: the studio answers with the confirmation page. */
  public static final class Required extends RuntimeException {
    private final String returnTo;

    Required(String returnTo) {
      super("a fresh second factor is required", null, false, false);
      this.returnTo = returnTo;
    }

    /** The studio path to come back to once confirmed. */
    public String returnTo() {
      return returnTo;
    }
  }

  private final StepUps stepUps;

  StepUp(StepUps stepUps) {
    this.stepUps = stepUps;
  }

  /** Whether the session confirmed a second factor within the window. */
  public boolean fresh(HttpServletRequest request) {
    return stepUps.fresh(request.getSession(false));
  }

  /** When the session last confirmed a second factor, if it did. */
  public Optional<Instant> confirmedAt(HttpServletRequest request) {
    return stepUps.confirmedAt(request.getSession(false));
  }

  /**
   * Returns when the second factor is fresh; otherwise throws {@link Required}, which the studio
   * turns into the confirmation page that comes back to {@code returnTo}.
   */
  public void require(HttpServletRequest request, String returnTo) {
    if (!fresh(request)) {
      throw new Required(returnTo);
    }
  }

  /** The studio path of the confirmation page that returns to {@code returnTo}. */
  public static String confirmPath(String returnTo) {
    return "/account/confirm?next=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
  }
}
