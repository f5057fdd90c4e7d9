package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardTotals;
import dev.pledge.server.policy.PolicyCatalog;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's front page: every property this server serves, with a glance at last week. */
@Controller
class ConsoleHomeController {

  private final PolicyCatalog catalog;
  private final AnalyticsDashboard analytics;

  ConsoleHomeController(PolicyCatalog catalog, AnalyticsDashboard analytics) {
    this.catalog = catalog;
    this.analytics = analytics;
  }

  /** One property on the front page. */
  record PropertyCard(
      String id,
      String name,
      List<String> domains,
      String dashboardUrl,
      String policyUrl,
      String siteUrl,
      String visitors,
      String pageviews) {}

  @GetMapping("/console")
  String withoutSlash() {
    return "redirect:/console/";
  }

  @GetMapping("/console/")
  String properties(Model model) {
    DashboardRange week = DateRangeParam.Preset.LAST_7_DAYS.range(analytics.today());
    List<PropertyCard> cards =
        catalog.all().stream()
            .map(
                p -> {
                  DashboardTotals t = analytics.totals(p.id().value(), week);
                  return new PropertyCard(
                      p.id().value(),
                      p.name(),
                      p.domains(),
                      DashboardPage.dashboardUrl(p.id().value(), Map.of()),
                      p.pathPrefix() + "/privacy",
                      p.pathPrefix() + "/",
                      ConsoleFormat.count(t.visitors()),
                      ConsoleFormat.count(t.pageviews()));
                })
            .toList();
    model.addAttribute("properties", cards);
    return "console/properties";
  }

  /** The console's own 404: a property id in the URL that this server does not serve. */
  static String notFound(Model model, HttpServletResponse response, String propertyId) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    model.addAttribute("propertyId", propertyId);
    return "console/not-found";
  }
}
