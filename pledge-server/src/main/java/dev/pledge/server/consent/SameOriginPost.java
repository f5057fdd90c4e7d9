package dev.pledge.server.consent;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;

/**
 * The consent endpoint takes no CSRF token (the banner runs on pages without forms, for visitors
 * without a session); instead a write must come from the studio's own pages: {@code Sec-Fetch-Site:
 * same-origin}, or else an {@code Origin} naming this host. A form on another site cannot record a
 * choice for someone.
 */
final class SameOriginPost {

  private SameOriginPost() {}

  static boolean allows(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return site.equals("same-origin");
    }
    String origin = request.getHeader("Origin");
    if (origin == null || origin.equals("null")) {
      return false;
    }
    try {
      URI o = URI.create(origin);
      String host = request.getHeader("Host");
      String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
      return host != null && host.equalsIgnoreCase(authority);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
