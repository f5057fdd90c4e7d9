package dev.pledge.server.analytics;

import dev.pledge.server.policy.ServedProperty;
import java.util.Optional;

/** What a page needs to know to include the tracker: whether, and under which domain. */
public final class PageAnalytics {

  private PageAnalytics() {}

  /**
   * The domain the tracker reports for this property — its canonical domain — or empty when its
   * policy declares no page analytics, in which case no tracker is included at all.
   */
  public static Optional<String> trackedDomain(ServedProperty property) {
    return EventIngest.collectsAnalytics(property) && !property.domains().isEmpty()
        ? Optional.of(property.domains().get(0))
        : Optional.empty();
  }
}
