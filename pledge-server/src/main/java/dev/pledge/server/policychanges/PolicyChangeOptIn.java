package dev.pledge.server.policychanges;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioInterceptor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Asks for the opt-in at the next sign-in (B-37): once a change that needs consent is in force, a
 * signed-in person who had their account before it was announced and has not answered is sent to
 * its page from any studio page they open, until they answer. Only page loads (GET) are turned
 * aside; the policy itself, sign-out and the assets stay reachable. The studio's own pages only:
 * other properties' pages are not the studio's to gate.
 */
@Component
class PolicyChangeOptIn implements StudioInterceptor {

  static final List<String> LEFT_ALONE =
      List.of(PolicyChangeController.PATH, "/privacy", "/sign-out", "/studio-assets", "/api/");

  private final Studio studio;
  private final CurrentAccount current;
  private final PolicyChanges changes;

  PolicyChangeOptIn(Studio studio, CurrentAccount current, PolicyChanges changes) {
    this.studio = studio;
    this.current = current;
    this.changes = changes;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws IOException {
    return ask(request, response);
  }

  boolean ask(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!"GET".equals(request.getMethod()) || !studio.serves(request)) {
      return true;
    }
    String path = request.getServletPath();
    if (path == null || LEFT_ALONE.stream().anyMatch(path::startsWith)) {
      return true;
    }
    Optional<String> me = current.id();
    if (me.isEmpty()) {
      return true;
    }
    Optional<PolicyChanges.Change> waiting = changes.awaitingDecision(me.get());
    if (waiting.isEmpty()) {
      return true;
    }
    response.sendRedirect(
        request.getContextPath() + PolicyChangeController.PATH + "/" + waiting.get().id());
    return false;
  }
}
