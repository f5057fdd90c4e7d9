package dev.pledge.server;

import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Installs {@link TrustedProxyValve} when the operator declared a TLS proxy; without the
 * declaration forwarded headers are ignored (Spring Boot's own handling of them is off too, even on
 * a cloud platform: {@code server.forward-headers-strategy=none}). First among the engine's valves,
 * so the access log already sees the client's address.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BehindTlsProxy implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final TransportSettings settings;

  BehindTlsProxy(TransportSettings settings) {
    this.settings = settings;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    if (settings.behindTlsProxy()) {
      factory.addEngineValves(new TrustedProxyValve(settings.proxyMatchers()));
    }
  }
}
