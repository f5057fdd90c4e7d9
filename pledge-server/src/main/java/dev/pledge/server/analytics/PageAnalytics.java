package dev.pledge.server.analytics;

import dev.pledge.server.policy.ServedProperty;
import java.util.Optional;
import java.util.Set;

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

  /** The custom event the tracker sends when a reader follows a link to another site. */
  public static final String OUTBOUND_LINK = "Outbound Link: Click";

  /** The custom event the tracker sends when a reader downloads a file. */
  public static final String FILE_DOWNLOAD = "File Download";

  /**
   * Which of the tracker's own custom events ({@link #OUTBOUND_LINK}, {@link #FILE_DOWNLOAD}) the
   * property's policy declares: the tracker sends only those, so it sends nothing that would be
   * dropped.
   */
  public static Set<String> trackedEvents(ServedProperty property) {
    if (trackedDomain(property).isEmpty()) {
      return Set.of();
    }
    Set<String> declared = EventIngest.declaredEvents(property).keySet();
    return Set.of(OUTBOUND_LINK, FILE_DOWNLOAD).stream()
        .filter(declared::contains)
        .collect(java.util.stream.Collectors.toUnmodifiableSet());
  }
}
