package dev.pledge.server.analytics;

import java.time.Instant;

/**
 * An event as stored: everything in it is already reduced. There is no address, no user-agent
 * string, no referring URL and no custom property in it — only what the policy declares.
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
    Integer scrollDepth) {}
