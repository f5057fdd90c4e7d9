package dev.pledge.server.policy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides which property a request belongs to: by Host (a domain in the property's policy, or
 * {@code {id}.localhost}), or by the path prefix {@code /p/{id}/} for local use. Behind the prefix
 * the request looks as if the prefix were its context path, so every handler and every link it
 * builds works the same under both addressing schemes.
 */
class PropertyRoutingFilter extends OncePerRequestFilter {

  static final String PREFIX = "/p/";

  private final PolicyCatalog catalog;

  PropertyRoutingFilter(PolicyCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String context = request.getContextPath();
    String path = request.getRequestURI().substring(context.length());
    if (path.startsWith(PREFIX)) {
      int end = path.indexOf('/', PREFIX.length());
      String id = end < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), end);
      Optional<ServedProperty> property = catalog.byId(id);
      if (property.isEmpty()) {
        response.sendError(
            HttpServletResponse.SC_NOT_FOUND, "No property is served at " + PREFIX + id);
        return;
      }
      if (end < 0) {
        response.sendRedirect(request.getRequestURI() + "/");
        return;
      }
      request.setAttribute(CurrentProperty.ATTRIBUTE, property.get());
      chain.doFilter(
          new PrefixedRequest(request, context + PREFIX + id, path.substring(end)), response);
      return;
    }
    catalog
        .byHost(request.getHeader("Host"))
        .ifPresent(p -> request.setAttribute(CurrentProperty.ATTRIBUTE, p));
    chain.doFilter(request, response);
  }

  /** Presents {@code /p/{id}} as part of the context path. */
  private static final class PrefixedRequest extends HttpServletRequestWrapper {
    private final String contextPath;
    private final String servletPath;

    PrefixedRequest(HttpServletRequest request, String contextPath, String servletPath) {
      super(request);
      this.contextPath = contextPath;
      this.servletPath = servletPath;
    }

    @Override
    public String getContextPath() {
      return contextPath;
    }

    @Override
    public String getServletPath() {
      return servletPath;
    }

    @Override
    public String getPathInfo() {
      return null;
    }
  }
}
