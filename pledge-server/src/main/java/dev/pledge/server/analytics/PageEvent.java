package dev.pledge.server.analytics;

import java.time.Instant;

/**
 * An event as stored: everything in it is already reduced. There is no address, no user-agent
 * string and no referring URL in it — only what the policy declares: for a custom event, the
 * property keys the policy lists for it, with scrubbed values ({@code props}, JSON, or null).
 */
record PageEvent(
    String propertyId,
    Instant receivedAt,
    long visitorId,
    String name,
    String path,
    String source,
    Channel channel,
    String utmSource,
    String utmMedium,
    String utmCampaign,
    String browser,
    String os,
    String device,
    String country,
    Integer engagementMs,
    Integer scrollDepth,
    String props) {}
