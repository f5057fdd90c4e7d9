package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Valve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

/**
 * Puts the {@link FrontDoor} on the server's port ({@code server.port}, {@code server.address}) and
 * moves Tomcat to a free loopback port behind it. On by default; {@code
 * pledge.analytics.front-door=false} leaves Tomcat on the public port (events then take the lean
 * servlet filter, {@link EventIngestFilter}), and so does TLS configured on Tomcat itself ({@code
 * server.ssl.*}), which the front door does not terminate.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(
    name = "pledge.analytics.front-door",
    havingValue = "true",
    matchIfMissing = true)
class FrontDoorConfiguration {

  private static final Logger log = LoggerFactory.getLogger(FrontDoorConfiguration.class);

  /** Where the public listener goes, decided while Tomcat is configured. */
  static final class PublicAddress {
    volatile InetAddress address;
    volatile int port = -1;
    volatile boolean enabled;
    final String secret;

    PublicAddress() {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      secret = HexFormat.of().formatHex(bytes);
    }
  }

  @Bean
  PublicAddress frontDoorAddress() {
    return new PublicAddress();
  }

  /** Runs after Spring Boot's own customizers have set the port and address from settings. */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> frontDoorTomcat(PublicAddress to) {
    return new FrontDoorTomcat(to);
  }

  /** Ordered last, so it sees the port and address Spring Boot set from the settings. */
  static final class FrontDoorTomcat
      implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
    private final PublicAddress to;

    FrontDoorTomcat(PublicAddress to) {
      this.to = to;
    }

    @Override
    public int getOrder() {
      return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
      if (factory.getSsl() != null && factory.getSsl().isEnabled()) {
        log.info("TLS is configured on Tomcat: it keeps the public port, no front door");
        return;
      }
      if (factory.getPort() < 0) {
        return; // no web server wanted
      }
      to.address = factory.getAddress();
      to.port = factory.getPort();
      to.enabled = true;
      factory.setAddress(InetAddress.getLoopbackAddress());
      factory.setPort(0);
      List<Valve> valves = new ArrayList<>(factory.getEngineValves());
      valves.add(0, new FrontDoorPeerValve(to.secret));
      factory.setEngineValves(valves);
    }
  }

  @Bean
  SmartLifecycle frontDoorLifecycle(
      EventIngest ingest,
      PolicyCatalog catalog,
      PublicAddress to,
      ApplicationContext context,
      ConfigurableEnvironment environment) {
    return new FrontDoorLifecycle(ingest, catalog, to, context, environment);
  }

  /**
   * Opens the public port once Tomcat listens, and closes it first on shutdown (a phase after the
   * web server's start and before its graceful stop).
   */
  static final class FrontDoorLifecycle implements SmartLifecycle {
    private final EventIngest ingest;
    private final PolicyCatalog catalog;
    private final PublicAddress to;
    private final ApplicationContext context;
    private final ConfigurableEnvironment environment;
    private volatile FrontDoor door;

    FrontDoorLifecycle(
        EventIngest ingest,
        PolicyCatalog catalog,
        PublicAddress to,
        ApplicationContext context,
        ConfigurableEnvironment environment) {
      this.ingest = ingest;
      this.catalog = catalog;
      this.to = to;
      this.context = context;
      this.environment = environment;
    }

    @Override
    public void start() {
      if (!to.enabled || !(context instanceof WebServerApplicationContext web)) {
        return;
      }
      int tomcatPort = web.getWebServer().getPort();
      try {
        door =
            new FrontDoor(
                ingest,
                catalog,
                to.address,
                to.port,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), tomcatPort),
                to.secret);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while opening port " + to.port, e);
      } catch (Exception e) {
        // Netty rethrows the socket's own exception, checked or not.
        if (e instanceof java.net.BindException
            || String.valueOf(e.getMessage()).contains("Address already in use")) {
          throw new PortInUseException(to.port, e);
        }
        throw new IllegalStateException("could not open port " + to.port + ": " + e, e);
      }
      publishPort(door.port());
    }

    /**
     * {@code local.server.port} is the port clients use: the front door's, not Tomcat's loopback
     * one (the launcher prints it, tests connect to it).
     */
    @SuppressWarnings("unchecked")
    private void publishPort(int port) {
      MutablePropertySources sources = environment.getPropertySources();
      var source = sources.get("server.ports");
      if (source == null) {
        source = new MapPropertySource("server.ports", new HashMap<>());
        sources.addFirst(source);
      }
      ((Map<String, Object>) source.getSource()).put("local.server.port", port);
    }

    @Override
    public void stop() {
      FrontDoor d = door;
      door = null;
      if (d != null) {
        d.close();
      }
    }

    @Override
    public boolean isRunning() {
      return door != null;
    }

    @Override
    public int getPhase() {
      // WebServerStartStopLifecycle runs at DEFAULT_PHASE - 2048, graceful shutdown at - 1024.
      return SmartLifecycle.DEFAULT_PHASE - 512;
    }
  }
}
