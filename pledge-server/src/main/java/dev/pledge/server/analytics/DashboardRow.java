package dev.pledge.server.analytics;

/**
 * One row of a breakdown (a page, a source, a browser …).
 *
 * @param value the page path, source name, browser family …
 * @param visitors visitors (summed per day)
 * @param visits visits (for pages: entries)
 * @param pageviews page views
 * @param bounces visits with one page view (pages: 0)
 * @param durationSeconds visit time (pages: engagement time)
 */
public record DashboardRow(
    String value, long visitors, long visits, long pageviews, long bounces, long durationSeconds) {

  DashboardRow plus(DashboardRow o) {
    return new DashboardRow(
        value,
        visitors + o.visitors,
        visits + o.visits,
        pageviews + o.pageviews,
        bounces + o.bounces,
        durationSeconds + o.durationSeconds);
  }
}
