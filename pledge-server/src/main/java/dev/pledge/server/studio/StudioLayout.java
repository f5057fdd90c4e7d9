package dev.pledge.server.studio;

import dev.pledge.policy.Channel;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Lazy;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the studio layout needs on every page: the studio's name, the languages with the current
 * one, the path to come back to after switching language, and the footer's links — the published
 * policy, the privacy center and the account dashboard, at the paths the policy's channels give.
 */
@ControllerAdvice(annotations = StudioController.class)
class StudioLayout implements StudioPageModel {

  private final Studio studio;
  private final StudioLocaleResolver locales;
  private final List<StudioPageModel> contributors;

  StudioLayout(
      Studio studio, StudioLocaleResolver locales, @Lazy List<StudioPageModel> contributors) {
    this.studio = studio;
    this.locales = locales;
    this.contributors = contributors;
  }

  /** Every contribution, for a page about to render. */
  @ModelAttribute
  void page(HttpServletRequest request, Model model) {
    model.addAllAttributes(model(request));
  }

  /** The same, for a page rendered outside a handler (an error page). */
  Map<String, Object> model(HttpServletRequest request) {
    Map<String, Object> attributes = new HashMap<>();
    addTo(request, attributes);
    // Spring leaves a bean out of its own list of candidates; the others are all here.
    contributors.stream().filter(c -> c != this).forEach(c -> c.addTo(request, attributes));
    return attributes;
  }

  @Override
  public void addTo(HttpServletRequest request, Map<String, Object> model) {
    model.put("chrome", chrome(request));
  }

  /** The layout's view of the studio. */
  record Chrome(
      String name,
      StudioLanguage language,
      List<StudioLanguage> languages,
      String here,
      String privacyCenterPath,
      String dashboardPath) {}

  Chrome chrome(HttpServletRequest request) {
    return new Chrome(
        studio.property().name(),
        locales.language(request),
        List.of(StudioLanguage.values()),
        here(request),
        "/privacy/requests",
        channelPath(Channel.Kind.DASHBOARD, "/account/privacy"));
  }

  private String channelPath(Channel.Kind kind, String fallback) {
    return studio.policy().channels().stream()
        .filter(c -> c.kind() == kind && c.path() != null)
        .map(Channel::path)
        .findFirst()
        .orElse(fallback);
  }

  /** The current page as a studio path with its query, for the language switch to return to. */
  private static String here(HttpServletRequest request) {
    String uri = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    return StudioPaths.local(
        query == null || !"GET".equals(request.getMethod()) ? uri : uri + "?" + query);
  }
}
