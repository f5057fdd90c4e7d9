package dev.pledge.server.site;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * Hands every request of a static site that no controller claimed to {@link SiteController}.
 *
 * <p>It sits after the annotated controllers, so {@code /privacy} and every other module's pages
 * keep working on a site's host, and before Spring's static-resource handler, which would otherwise
 * answer the site's paths from the server's own classpath. The server's own assets stay reachable:
 * the site controller falls back to them for paths the content folder does not have.
 */
class SiteHandlerMapping extends AbstractHandlerMapping {

  private final SiteContent content;
  private final SiteController controller;

  SiteHandlerMapping(SiteContent content, SiteController controller) {
    this.content = content;
    this.controller = controller;
    setOrder(Ordered.LOWEST_PRECEDENCE - 100);
  }

  @Override
  protected Object getHandlerInternal(HttpServletRequest request) {
    return content.rootFor(request).isPresent() ? controller : null;
  }
}
