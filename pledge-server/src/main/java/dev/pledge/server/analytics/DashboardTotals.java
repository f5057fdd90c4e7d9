package dev.pledge.server.analytics;

/**
 * Headline measures over a range. Visitors are summed per day: the daily salt makes a visitor on
 * two days two visitors, by design (nobody is followed from one day to the next).
 */
public record DashboardTotals(
    long visitors, long visits, long pageviews, long bounces, long durationSeconds) {

  static final DashboardTotals ZERO = new DashboardTotals(0, 0, 0, 0, 0);

  DashboardTotals plus(DashboardTotals o) {
    return new DashboardTotals(
        visitors + o.visitors,
        visits + o.visits,
        pageviews + o.pageviews,
        bounces + o.bounces,
        durationSeconds + o.durationSeconds);
  }

  public double viewsPerVisit() {
    return visits == 0 ? 0 : (double) pageviews / visits;
  }

  /** Share of visits with at most one page view, in percent. */
  public double bounceRate() {
    return visits == 0 ? 0 : 100.0 * bounces / visits;
  }

  public long averageVisitSeconds() {
    return visits == 0 ? 0 : durationSeconds / visits;
  }
}
