package dev.pledge.server.analytics;

/**
 * A user agent reduced to what the policy calls "browser type": browser family, OS family and
 * device class. The user-agent string itself is never stored.
 */
record ClientInfo(String browser, String os, String device, boolean bot) {}
