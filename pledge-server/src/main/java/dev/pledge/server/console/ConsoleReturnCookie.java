package dev.pledge.server.console;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.security.web.savedrequest.SimpleSavedRequest;
import org.springframework.web.util.WebUtils;

/**
 * The console page an anonymous visitor asked for, kept in a cookie until sign-in brings them back
 * to it. A saved request in the session would open a {@code console_session} row for every
 * anonymous visit of a protected page. Spring's {@code CookieRequestCache} puts its cookie on
 * {@code /} (every property's public pages) and cannot delete it anywhere else; this one lives on
 * {@code /console} only, holds a console path only, and is HttpOnly, SameSite=Strict and as Secure
 * as the session cookie.
 */
final class ConsoleReturnCookie implements RequestCache {

  static final String NAME = "CONSOLE-RETURN";

  private final Boolean secure;

  /**
   * @param secure the session cookie's configured Secure flag; {@code null}: as the request is
   */
  ConsoleReturnCookie(Boolean secure) {
    this.secure = secure;
  }

  @Override
  public void saveRequest(HttpServletRequest request, HttpServletResponse response) {
    String path = pathOf(request);
    // Pages only: a script's refused call gets a 401, and an asset nothing to come back to.
    if (!"GET".equals(request.getMethod())
        || !isConsolePath(path)
        || path.startsWith("/console/api/")
        || path.startsWith("/console/assets/")) {
      return;
    }
    response.addCookie(
        cookie(
            request,
            Base64.getUrlEncoder().encodeToString(path.getBytes(StandardCharsets.UTF_8)),
            -1));
  }

  @Override
  public SavedRequest getRequest(HttpServletRequest request, HttpServletResponse response) {
    String path = savedPath(request);
    return path == null ? null : new SimpleSavedRequest(request.getContextPath() + path);
  }

  /** The page, once reached after sign-in: the cookie has done its work. */
  @Override
  public HttpServletRequest getMatchingRequest(
      HttpServletRequest request, HttpServletResponse response) {
    String saved = savedPath(request);
    if (saved != null && saved.equals(pathOf(request))) {
      removeRequest(request, response);
    }
    return null;
  }

  @Override
  public void removeRequest(HttpServletRequest request, HttpServletResponse response) {
    if (WebUtils.getCookie(request, NAME) != null) {
      response.addCookie(cookie(request, "", 0));
    }
  }

  private Cookie cookie(HttpServletRequest request, String value, int maxAge) {
    Cookie cookie = new Cookie(NAME, value);
    cookie.setPath(ConsoleSessionCookie.PATH);
    cookie.setMaxAge(maxAge);
    cookie.setHttpOnly(true);
    cookie.setSecure(secure == null ? request.isSecure() : secure);
    cookie.setAttribute("SameSite", "Strict");
    return cookie;
  }

  /** The console path in the cookie, or null: a value that is not one is ignored. */
  private static String savedPath(HttpServletRequest request) {
    Cookie cookie = WebUtils.getCookie(request, NAME);
    if (cookie == null) {
      return null;
    }
    try {
      String path =
          new String(Base64.getUrlDecoder().decode(cookie.getValue()), StandardCharsets.UTF_8);
      return isConsolePath(path) ? path : null;
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** Under /console and nothing else: no other host, no scheme, no backslash tricks. */
  private static boolean isConsolePath(String path) {
    return (path.equals("/console") || path.startsWith("/console/") || path.startsWith("/console?"))
        && !path.contains("\\")
        && path.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String pathOf(HttpServletRequest request) {
    String uri = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    return query == null ? uri : uri + "?" + query;
  }
}
