package dev.pledge.server.analytics;

/** How a visitor arrived, at the granularity the policy promises. */
enum Channel {
  DIRECT,
  SEARCH,
  SOCIAL,
  EMAIL,
  CAMPAIGN,
  REFERRAL;

  String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
