package dev.pledge.server.analytics;

import dev.pledge.server.TransportSettings;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whose {@code X-Forwarded-For} the analytics ingest believes: the proxies {@code
 * pledge.trusted-proxies} names when the operator declared {@code pledge.behind-tls-proxy=true},
 * nobody otherwise — the same proxies the rest of the server believes, so a proxy declared once
 * counts for the analytics too. The older {@code pledge.analytics.trusted-proxies}, when set, still
 * wins for the ingest so existing deployments keep their numbers, with a start-up warning.
 */
final class IngestTrustedProxies {

  private static final Logger log = LoggerFactory.getLogger(IngestTrustedProxies.class);

  private IngestTrustedProxies() {}

  /** The address blocks (CIDR) whose forwarded client address the ingest takes. */
  static List<String> of(TransportSettings transport, AnalyticsSettings analytics) {
    if (!analytics.trustedProxies().isEmpty()) {
      // Names the settings only: the blocks themselves are addresses and stay out of the log.
      log.warn(
          "pledge.analytics.trusted-proxies is deprecated and will be removed: declare the reverse"
              + " proxy once with pledge.behind-tls-proxy=true and pledge.trusted-proxies, which"
              + " the analytics ingest follows too. Until then the analytics ingest uses"
              + " pledge.analytics.trusted-proxies.");
      return analytics.trustedProxies();
    }
    return transport.behindTlsProxy() ? transport.trustedProxies() : List.of();
  }
}
