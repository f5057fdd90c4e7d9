package dev.pledge.server.analytics;

/**
 * A page address reduced to what page-level analytics need: the path (with anything that looks
 * personal replaced by a placeholder) and the campaign tags.
 */
record ScrubbedUrl(
    String host,
    String path,
    String utmSource,
    String utmMedium,
    String utmCampaign,
    String utmContent,
    String utmTerm) {}
