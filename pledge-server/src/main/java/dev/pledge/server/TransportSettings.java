package dev.pledge.server;

import com.google.common.net.InetAddresses;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * How requests reach Pledge, under {@code pledge.*}.
 *
 * @param behindTlsProxy true when Pledge is reached only through a reverse proxy that terminates
 *     TLS: the proxy's {@code X-Forwarded-For}, {@code -Proto} and {@code -Host} are then believed
 *     (from {@code trustedProxies} only) and responses over https carry HSTS. False, the default:
 *     forwarded headers are ignored — a client could write anything in them — and no HSTS is sent.
 * @param trustedProxies address blocks (CIDR) of the proxies whose forwarded headers are believed,
 *     default loopback ({@code 127.0.0.0/8}, {@code ::1/128}); only read with {@code
 *     behindTlsProxy}
 */
@ConfigurationProperties("pledge")
public record TransportSettings(
    @DefaultValue("false") boolean behindTlsProxy,
    @DefaultValue({"127.0.0.0/8", "::1/128"}) List<String> trustedProxies) {

  /** HSTS: a year, this host only, and only declared behind a TLS proxy. */
  static final long HSTS_MAX_AGE_SECONDS = 365L * 24 * 3600;

  public TransportSettings {
    trustedProxies = List.copyOf(trustedProxies);
    for (String block : trustedProxies) {
      String address = block.contains("/") ? block.substring(0, block.indexOf('/')) : block;
      boolean valid = InetAddresses.isInetAddress(address);
      if (valid) {
        try {
          new IpAddressMatcher(block);
        } catch (IllegalArgumentException e) {
          valid = false;
        }
      }
      if (!valid) {
        throw new IllegalArgumentException(
            "pledge.trusted-proxies: \""
                + block
                + "\" is not an address block; write one like 10.0.0.0/8 or fd00::/8.");
      }
    }
  }

  /** Matchers of the trusted proxies' addresses. */
  List<IpAddressMatcher> proxyMatchers() {
    return trustedProxies.stream().map(IpAddressMatcher::new).toList();
  }

  /**
   * Configures a security chain's HSTS header: sent on https requests behind a declared TLS proxy,
   * never otherwise. Browsers ignore HSTS over plain http anyway; a server that is not behind TLS
   * must not promise it.
   */
  public void hsts(HeadersConfigurer<HttpSecurity>.HstsConfig hsts) {
    if (behindTlsProxy) {
      hsts.maxAgeInSeconds(HSTS_MAX_AGE_SECONDS).includeSubDomains(false);
    } else {
      hsts.disable();
    }
  }
}
