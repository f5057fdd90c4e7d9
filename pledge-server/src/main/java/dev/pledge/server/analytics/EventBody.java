package dev.pledge.server.analytics;

import java.util.Map;

/**
 * A Plausible-compatible event body, as sent by the tracker, before anything is reduced.
 *
 * @param name event name: {@code pageview}, {@code engagement}, {@code 404} or a custom name
 * @param url the page's absolute URL
 * @param domain the site's domain (may list several, comma-separated)
 * @param referrer the document referrer, or null
 * @param hashMode true when the site routes by URL fragment
 * @param engagementMs with engagement events: time the page was in view, or null
 * @param scrollDepth with engagement events: maximum scroll depth in percent, or null
 * @param props custom properties as sent, values as text ({@link EventProps#read}); held in memory
 *     only: the door keeps the keys the policy declares for the event, scrubbed, or none
 */
record EventBody(
    String name,
    String url,
    String domain,
    String referrer,
    boolean hashMode,
    Integer engagementMs,
    Integer scrollDepth,
    Map<String, String> props) {

  EventBody {
    props = props == null ? Map.of() : props;
  }

  /** A body without custom properties. */
  EventBody(
      String name,
      String url,
      String domain,
      String referrer,
      boolean hashMode,
      Integer engagementMs,
      Integer scrollDepth) {
    this(name, url, domain, referrer, hashMode, engagementMs, scrollDepth, Map.of());
  }
}
