package dev.pledge.server.site;

import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * The root of every property: a static site's home page from its content, a summary page for a
 * property without content of its own, and — on a host that names no property — a landing page
 * listing the properties with both of their addresses.
 */
@Controller
class HomeController {

  private final PolicyCatalog catalog;
  private final SiteContent content;
  private final SiteController site;

  HomeController(PolicyCatalog catalog, SiteContent content, SiteController site) {
    this.catalog = catalog;
    this.content = content;
    this.site = site;
  }

  @GetMapping("/")
  ModelAndView home(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Optional<ServedProperty> property = CurrentProperty.of(request);
    if (property.isEmpty()) {
      ModelAndView landing = new ModelAndView("landing");
      landing.addObject("properties", catalog.all());
      landing.addObject("port", request.getServerPort());
      return landing;
    }
    if (content.rootFor(property.get()).isPresent()) {
      return site.handleRequest(request, response);
    }
    ModelAndView home = new ModelAndView("property-home");
    home.addObject("property", property.get());
    return home;
  }
}
