package dev.pledge.server.rights;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Locale;

/**
 * CSRF protection for the public forms without a cookie. Public pages set no cookie at all (A-11 to
 * A-13), so the usual synchronizer token, which lives in a session or a cookie, is not available.
 * Browsers say where a POST comes from: {@code Sec-Fetch-Site} (every current browser) or {@code
 * Origin}; a POST that a browser reports as coming from another site is refused. A request with
 * neither header does not come from a browser page, so no visitor's browser can be made to send it.
 * The forms carry no ambient authority anyway: the verification form's secret is the single-use
 * token in the link, which another site cannot know.
 */
final class SameOrigin {

  private SameOrigin() {}

  static boolean allows(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      // "none" is a navigation the person started themselves (typed or bookmarked).
      String s = site.toLowerCase(Locale.ROOT);
      return s.equals("same-origin") || s.equals("none");
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    String host = request.getHeader("Host");
    try {
      URI uri = URI.create(origin);
      if (uri.getHost() == null || host == null) {
        return false; // "Origin: null" — a sandboxed or privacy-stripped context
      }
      String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      return originHost.equalsIgnoreCase(host)
          || (uri.getPort() < 0 && hostWithoutDefaultPort(host).equalsIgnoreCase(uri.getHost()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Some clients write the default port into Host ({@code example.org:443}). */
  private static String hostWithoutDefaultPort(String host) {
    return host.endsWith(":80") || host.endsWith(":443")
        ? host.substring(0, host.lastIndexOf(':'))
        : host;
  }
}
