package dev.pledge.server.console;

import org.springframework.boot.web.server.Cookie;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * The console's CSRF token, in a cookie of its own rather than in the session: an anonymous visit
 * of the sign-in page (or of any page, which redirects there) then opens no session, so a flood of
 * visits writes no {@code console_session} row. The cookie is confined to {@code /console}, named
 * apart from the studio's {@code XSRF-TOKEN}, HttpOnly (forms carry the token; scripts read it from
 * the {@code _csrf} field of any console form, as before) and as strict and Secure as the session
 * cookie. Scripts send it back in the {@code X-CSRF-TOKEN} header, as they did.
 */
final class ConsoleCsrfCookie {

  static final String NAME = "CONSOLE-XSRF-TOKEN";
  static final String HEADER = "X-CSRF-TOKEN";

  private ConsoleCsrfCookie() {}

  /** The token repository, with the session cookie's Secure setting ({@code configured}). */
  static CookieCsrfTokenRepository repository(Cookie configured) {
    CookieCsrfTokenRepository tokens = new CookieCsrfTokenRepository();
    tokens.setCookieName(NAME);
    tokens.setHeaderName(HEADER);
    tokens.setCookiePath(ConsoleSessionCookie.PATH);
    Boolean secure = configured.getSecure();
    tokens.setCookieCustomizer(
        c -> {
          c.httpOnly(true).sameSite("Strict");
          if (secure != null) {
            c.secure(secure);
          }
        });
    return tokens;
  }
}
