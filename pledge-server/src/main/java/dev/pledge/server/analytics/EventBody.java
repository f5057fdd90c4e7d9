package dev.pledge.server.analytics;

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
 */
record EventBody(
    String name,
    String url,
    String domain,
    String referrer,
    boolean hashMode,
    Integer engagementMs,
    Integer scrollDepth) {}
