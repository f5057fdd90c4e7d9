package dev.pledge.server.site;

import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.shared.RefusedPathAnswer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * What a request gets when its path is refused before any handler sees it — an encoded slash,
 * backslash, dot segment, percent or NUL, a semicolon: on a site, the site's own "not found" page
 * with the site's headers; elsewhere the server's error page, with the same content-security
 * policy. Nothing about the refused path is logged.
 *
 * <p>Two places refuse paths: Spring Security's firewall ({@link #handle}, with the property
 * already decided by the routing filter), and Tomcat itself, before the application, for a NUL or a
 * dot segment above the root ({@link #renderUnrouted}, called from {@link RefusedUriValve}).
 */
@Component
class RefusedRequestPages implements RequestRejectedHandler {

  private final SiteController site;
  private final SiteViews views;
  private final PolicyCatalog catalog;
  private final ServletContext servletContext;
  private final List<RefusedPathAnswer> answers;

  RefusedRequestPages(
      SiteController site,
      SiteViews views,
      PolicyCatalog catalog,
      ServletContext servletContext,
      List<RefusedPathAnswer> answers) {
    this.site = site;
    this.views = views;
    this.catalog = catalog;
    this.servletContext = servletContext;
    this.answers = answers;
  }

  /** A module's own answer for the path (an API's error format), if one has it. */
  private boolean answeredByModule(
      ServedProperty property,
      String path,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    for (RefusedPathAnswer answer : answers) {
      if (answer.answer(property.id().value(), path, request, response)) {
        return true;
      }
    }
    return false;
  }

  /** Spring Security's firewall refused the request: the site's 404, else the error page. */
  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, RequestRejectedException refused)
      throws IOException {
    Optional<ServedProperty> property = CurrentProperty.of(request);
    String uri = request.getRequestURI() == null ? "" : request.getRequestURI();
    String path =
        uri.startsWith(request.getContextPath())
            ? uri.substring(request.getContextPath().length())
            : uri;
    if (property.isPresent() && answeredByModule(property.get(), path, request, response)) {
      return;
    }
    try {
      if (property.isPresent() && site.renderNotFound(property.get(), request, response)) {
        return;
      }
    } catch (Exception e) {
      throw new IOException("the site's not-found page could not be rendered", e);
    }
    // Through the error page, which passes the public security chain and gets its headers.
    response.sendError(HttpServletResponse.SC_NOT_FOUND);
  }

  /**
   * Renders the answer to a request Tomcat refused before it reached the application: the site's
   * 404 when its Host or {@code /p/{id}/} prefix names a property with a site, else the server's
   * error page for {@code status}. The request has no servlet context of its own; it is given the
   * application's.
   */
  void renderUnrouted(HttpServletRequest request, HttpServletResponse response, int status)
      throws Exception {
    String uri = request.getRequestURI() == null ? "/" : request.getRequestURI();
    String prefix = "";
    Optional<ServedProperty> property = Optional.empty();
    if (uri.startsWith("/p/")) {
      int end = uri.indexOf('/', 3);
      if (end > 3) {
        property = catalog.byId(uri.substring(3, end));
        prefix = property.isPresent() ? uri.substring(0, end) : "";
      }
    }
    if (property.isEmpty()) {
      property = catalog.byHost(request.getHeader("Host"));
    }
    HttpServletRequest detached = new Detached(request, prefix, servletContext);
    HttpServletResponse plain = new PlainUrls(response);
    if (status == HttpServletResponse.SC_NOT_FOUND
        && property.isPresent()
        && answeredByModule(property.get(), uri.substring(prefix.length()), detached, plain)) {
      return;
    }
    if (status == HttpServletResponse.SC_NOT_FOUND
        && property.isPresent()
        && site.renderNotFound(property.get(), detached, plain)) {
      return;
    }
    SiteSecurityHeaders.apply(response);
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Cache-Control", "no-store");
    response.setStatus(status);
    HttpStatus known = HttpStatus.resolve(status);
    views
        .named("error")
        .render(
            Map.of("status", status, "error", known == null ? "Error" : known.getReasonPhrase()),
            detached,
            plain);
  }

  /**
   * A request outside any servlet context, given the application's and a context path. Attributes
   * the templates set stay in the wrapper: Tomcat would notify the (missing) context's listeners.
   */
  private static final class Detached extends HttpServletRequestWrapper {
    private final String contextPath;
    private final ServletContext servletContext;
    private final Map<String, Object> attributes = new HashMap<>();
    private final Set<String> removed = new HashSet<>();

    Detached(HttpServletRequest request, String contextPath, ServletContext servletContext) {
      super(request);
      this.contextPath = contextPath;
      this.servletContext = servletContext;
    }

    @Override
    public String getContextPath() {
      return contextPath;
    }

    @Override
    public ServletContext getServletContext() {
      return servletContext;
    }

    @Override
    public Object getAttribute(String name) {
      if (attributes.containsKey(name)) {
        return attributes.get(name);
      }
      return removed.contains(name) ? null : super.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      if (value == null) {
        removeAttribute(name);
        return;
      }
      attributes.put(name, value);
      removed.remove(name);
    }

    @Override
    public void removeAttribute(String name) {
      attributes.remove(name);
      removed.add(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
      Set<String> names = new LinkedHashSet<>();
      Enumeration<String> inner = super.getAttributeNames();
      while (inner.hasMoreElements()) {
        names.add(inner.nextElement());
      }
      names.removeAll(removed);
      names.addAll(attributes.keySet());
      return Collections.enumeration(names);
    }

    @Override
    public HttpSession getSession(boolean create) {
      return null;
    }

    @Override
    public HttpSession getSession() {
      return null;
    }
  }

  /** Links as they are: there is no session whose id could be put into them. */
  private static final class PlainUrls extends HttpServletResponseWrapper {
    PlainUrls(HttpServletResponse response) {
      super(response);
    }

    @Override
    public String encodeURL(String url) {
      return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
      return url;
    }
  }
}
