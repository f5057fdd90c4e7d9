package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import dev.pledge.server.studio.StudioPageModel;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Map;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The signed-in person as the studio layout's account menu shows them, on every studio page; and
 * the confirmation page for an operation that needs a fresh second factor.
 */
@ControllerAdvice(annotations = StudioController.class)
@Order(0)
class ViewerAdvice implements StudioPageModel {

  private final CurrentAccount current;

  ViewerAdvice(CurrentAccount current) {
    this.current = current;
  }

  /** Who is signed in, for the header: nobody ({@code signedIn} false), or their name. */
  record Viewer(boolean signedIn, String name, String username, String initial) {}

  @Override
  public void addTo(HttpServletRequest request, Map<String, Object> model) {
    model.put("viewer", viewer());
  }

  Viewer viewer() {
    return current
        .get()
        .map(
            a ->
                new Viewer(
                    true,
                    a.name(),
                    a.username(),
                    a.name().isBlank()
                        ? "?"
                        : a.name()
                            .substring(0, a.name().offsetByCodePoints(0, 1))
                            .toUpperCase(Locale.ROOT)))
        .orElse(new Viewer(false, null, null, null));
  }

  @ExceptionHandler(StepUp.Required.class)
  String stepUp(StepUp.Required required, HttpServletRequest request) {
    if (current.id().isEmpty()) {
      throw new StudioNotFound();
    }
    return "redirect:" + StepUp.confirmPath(required.returnTo());
  }
}
