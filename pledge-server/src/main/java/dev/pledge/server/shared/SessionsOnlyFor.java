package dev.pledge.server.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Predicate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Session's filter over a {@link SessionTable}, applied only to the requests {@code applies}
 * accepts: every other request sees no session of that table (and gets none from it).
 */
public final class SessionsOnlyFor extends OncePerRequestFilter {

  private final SessionRepositoryFilter<StoredSession> sessions;
  private final Predicate<HttpServletRequest> applies;

  public SessionsOnlyFor(
      SessionTable table, CookieSerializer cookie, Predicate<HttpServletRequest> applies) {
    CookieHttpSessionIdResolver ids = new CookieHttpSessionIdResolver();
    ids.setCookieSerializer(cookie);
    this.sessions = new SessionRepositoryFilter<>(table);
    this.sessions.setHttpSessionIdResolver(ids);
    this.applies = applies;
  }

  /**
   * Registered for every path, after the property routing (which sets a property's prefix as the
   * context path) and before Spring Security, which keeps the security context in the session.
   */
  public FilterRegistrationBean<SessionsOnlyFor> registration() {
    var registration = new FilterRegistrationBean<>(this);
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    registration.addUrlPatterns("/*");
    return registration;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (applies.test(request)) {
      sessions.doFilter(request, response, chain);
    } else {
      chain.doFilter(request, response);
    }
  }
}
