package dev.pledge.server.site;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafView;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The site's templates as views that always answer {@code text/html}. Thymeleaf otherwise guesses
 * the type from the request path, so the "not found" page for {@code /missing.css} would be sent as
 * CSS, and browsers honouring {@code nosniff} would not show it.
 */
@Component
class SiteViews {

  private static final String HTML = "text/html;charset=UTF-8";

  private final ThymeleafViewResolver resolver;
  private final Map<String, View> views = new ConcurrentHashMap<>();

  SiteViews(ThymeleafViewResolver resolver) {
    this.resolver = resolver;
  }

  View named(String name) {
    return views.computeIfAbsent(name, this::resolve);
  }

  private View resolve(String name) {
    View view;
    try {
      view = resolver.resolveViewName(name, Locale.ENGLISH);
    } catch (Exception e) {
      throw new IllegalStateException("The site template " + name + " cannot be loaded", e);
    }
    if (view == null) {
      throw new IllegalStateException("The site template " + name + " is missing from the jar");
    }
    if (view instanceof ThymeleafView thymeleaf) {
      thymeleaf.setContentType(HTML);
      thymeleaf.setForceContentType(true);
    }
    return view;
  }
}
