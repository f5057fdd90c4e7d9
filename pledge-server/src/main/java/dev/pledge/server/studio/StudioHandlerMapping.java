package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Maps the methods of {@link StudioController} beans, and answers only for the studio's requests.
 * Ordered before Spring's own mapping, so the studio's {@code /} wins over the landing page's on
 * the studio's host, while the engine's pages ({@code /privacy}, the privacy center) keep answering
 * there as on every property.
 */
class StudioHandlerMapping extends RequestMappingHandlerMapping {

  private final Studio studio;

  StudioHandlerMapping(Studio studio) {
    this.studio = studio;
    setOrder(-1);
  }

  @Override
  protected boolean isHandler(Class<?> beanType) {
    return AnnotatedElementUtils.hasAnnotation(beanType, StudioController.class);
  }

  /**
   * Whether a studio controller answers {@code request} (any method of its path counts: a GET to a
   * POST-only path is answered, with 405). For the security chain, outside the dispatcher.
   */
  boolean maps(HttpServletRequest request) {
    boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
    if (!parsed) {
      ServletRequestPathUtils.parseAndCache(request);
    }
    try {
      return getHandlerInternal(request) != null;
    } catch (Exception e) {
      return true; // matched the path, not the method or the media type
    } finally {
      if (!parsed) {
        ServletRequestPathUtils.clearParsedRequestPath(request);
      }
    }
  }

  @Override
  protected HandlerMethod getHandlerInternal(HttpServletRequest request) throws Exception {
    if (!studio.serves(request)) {
      return null;
    }
    return super.getHandlerInternal(request);
  }
}
