package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

/**
 * The studio's own "page not found", in its layout and language, for studio paths nobody claimed.
 * It sits after every annotated controller (so other modules' {@code @Controller}s on the studio's
 * host still answer) and before the static files, letting through the paths that are files.
 */
class StudioNotFoundMapping extends AbstractHandlerMapping {

  private static final List<String> FILES =
      List.of("/studio-assets/", "/assets/", "/site/", "/favicon");

  private final Studio studio;
  private final HandlerMethod notFound;

  StudioNotFoundMapping(Studio studio, StudioErrorPages pages) throws NoSuchMethodException {
    this.studio = studio;
    Method method = StudioErrorPages.class.getDeclaredMethod("notFoundPage");
    this.notFound = new HandlerMethod(pages, method);
    setOrder(Ordered.LOWEST_PRECEDENCE - 200);
  }

  @Override
  protected Object getHandlerInternal(HttpServletRequest request) {
    if (!studio.serves(request)) {
      return null;
    }
    String path = initLookupPath(request);
    for (String file : FILES) {
      if (path.startsWith(file)) {
        return null;
      }
    }
    return notFound;
  }
}
