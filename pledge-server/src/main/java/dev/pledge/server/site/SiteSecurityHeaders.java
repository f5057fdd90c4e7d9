package dev.pledge.server.site;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every site response carries. The content-security policy allows nothing but the
 * site's own origin and no inline script, so even a page whose Markdown carried a {@code <script>}
 * could neither run it nor load anything from elsewhere: the reader's browser talks to this server
 * only.
 */
final class SiteSecurityHeaders {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  private SiteSecurityHeaders() {}

  static void apply(HttpServletResponse response) {
    response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  }
}
