package dev.pledge.server.analytics;

/**
 * Where a visit came from, reduced so that no referring URL is kept: a well-known name ("Google"),
 * a referring host ("news.example.net"), or "Direct / None".
 */
record TrafficSource(String source, Channel channel) {
  static final TrafficSource DIRECT = new TrafficSource("Direct / None", Channel.DIRECT);
}
