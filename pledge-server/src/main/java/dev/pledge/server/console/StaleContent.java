package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.Breakdown;
import dev.pledge.server.analytics.DashboardRange;
import dev.pledge.server.analytics.DashboardRow;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.site.PublishedPage;
import dev.pledge.server.site.SitePages;
import java.time.LocalDate;
import java.time.Period;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The editors' question the reference-site policy gives as the purpose of its analytics:
 * which pages are read a lot but have not been updated for a year — or never say when.
 */
@Component
class StaleContent {

  static final Period STALE_AFTER = Period.ofMonths(12);

  /** The most-read pages looked at, by page views. */
  static final int PAGES_CONSIDERED = 1000;

  private final SitePages pages;
  private final AnalyticsDashboard analytics;

  StaleContent(SitePages pages, AnalyticsDashboard analytics) {
    this.pages = pages;
    this.analytics = analytics;
  }

  /**
   * A read page whose content is old.
   *
   * @param updated the page's own "updated" date, or null when it gives none
   */
  record StalePage(String path, String title, LocalDate updated, long pageviews) {}

  /** The most-read stale pages in the range, most read first; empty for non-site properties. */
  List<StalePage> popularButOld(ServedProperty property, DashboardRange range, int limit) {
    return popularButOld(
        property,
        analytics.breakdown(property.id().value(), range, Breakdown.PAGE, PAGES_CONSIDERED),
        limit);
  }

  /**
   * The same from the range's top pages ({@link Breakdown#PAGE}, {@link #PAGES_CONSIDERED} rows),
   * for a caller that has them already.
   */
  List<StalePage> popularButOld(ServedProperty property, List<DashboardRow> topPages, int limit) {
    List<PublishedPage> published = pages.of(property);
    if (published.isEmpty()) {
      return List.of();
    }
    LocalDate cutoff = analytics.today().minus(STALE_AFTER);
    Map<String, Long> views =
        topPages.stream()
            .collect(Collectors.toMap(DashboardRow::value, DashboardRow::pageviews, Long::sum));
    return published.stream()
        .filter(p -> p.updated() == null || p.updated().isBefore(cutoff))
        .map(p -> new StalePage(p.path(), p.title(), p.updated(), views.getOrDefault(p.path(), 0L)))
        .filter(p -> p.pageviews() > 0)
        .sorted(
            Comparator.comparingLong(StalePage::pageviews)
                .reversed()
                .thenComparing(StalePage::path))
        .limit(limit)
        .toList();
  }
}
