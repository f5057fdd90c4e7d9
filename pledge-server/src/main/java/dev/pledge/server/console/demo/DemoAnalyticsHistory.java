package dev.pledge.server.console.demo;

import dev.pledge.server.analytics.DemoTraffic;
import dev.pledge.server.analytics.PageAnalytics;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.site.PublishedPage;
import dev.pledge.server.site.SitePages;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code pledge demo} on an empty database starts with three months of the reference site's readers
 * ({@link DemoTraffic}), so the dashboard a newcomer opens is lived in. It runs before the server
 * prints its addresses, and never again once there are analytics.
 */
@Component
@ConditionalOnProperty(name = "pledge.demo", havingValue = "true")
class DemoAnalyticsHistory {

  static final String PROPERTY = "reference-site";

  private static final Logger log = LoggerFactory.getLogger(DemoAnalyticsHistory.class);

  private final PolicyCatalog catalog;
  private final SitePages pages;
  private final DemoTraffic traffic;

  DemoAnalyticsHistory(PolicyCatalog catalog, SitePages pages, DemoTraffic traffic) {
    this.catalog = catalog;
    this.pages = pages;
    this.traffic = traffic;
  }

  @EventListener(ApplicationReadyEvent.class)
  void atStart() {
    catalog
        .byId(PROPERTY)
        .filter(p -> PageAnalytics.trackedDomain(p).isPresent())
        .ifPresent(
            property -> {
              List<String> paths = pages.of(property).stream().map(PublishedPage::path).toList();
              if (paths.isEmpty() || !traffic.isEmpty(PROPERTY)) {
                return;
              }
              try {
                traffic.generate(PROPERTY, paths);
              } catch (RuntimeException e) {
                // The demo still works without a history; say why it has none.
                log.warn("Could not generate the demo's analytics history: {}", e.toString());
              }
            });
  }
}
