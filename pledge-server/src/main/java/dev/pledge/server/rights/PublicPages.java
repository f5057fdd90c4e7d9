package dev.pledge.server.rights;

import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.server.ResponseStatusException;

/** What every public rights page shares: the property it is for and its response headers. */
final class PublicPages {

  /**
   * The site's policy: only this origin, no inline script; the pages need no script at all. Forms
   * post to this origin only.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

  private PublicPages() {}

  static ServedProperty property(HttpServletRequest request) {
    return CurrentProperty.of(request)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "This address serves no property. Use /p/{property-id}/privacy/requests or a"
                        + " domain from the property's policy."));
  }

  /** The property of a public page, with the headers set and the property in the model. */
  static ServedProperty open(
      HttpServletRequest request, HttpServletResponse response, Model model) {
    ServedProperty property = property(request);
    headers(response);
    model.addAttribute("property", property);
    return property;
  }

  /** The answer to a POST another site made: refused, nothing spent ({@link SameOrigin}). */
  static String crossOrigin(HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    return "privacy/cross-origin";
  }

  /** No caching: the pages carry tokens and answers meant for one person. */
  static void headers(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Referrer-Policy", "no-referrer"); // the token must not leak onwards
  }
}
