package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.pledge.server.TransportSettings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Whose X-Forwarded-For the ingest believes, decided from the settings (the running server on all
 * three ways in: {@link ForwardedClientAddressTest}).
 */
class IngestTrustedProxiesTest {

  private static final String PROXY = "127.0.0.1";
  private static final String CLIENT = "203.0.113.7";

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(IngestTrustedProxies.class);

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
  }

  @Test
  @DisplayName("A-06 behind the declared TLS proxy the ingest takes the address the proxy forwards")
  void behindTheDeclaredProxy() {
    assertThat(resolve(new TransportSettings(true, List.of("127.0.0.1/32")), List.of()))
        .isEqualTo(CLIENT);
    assertThat(resolve(new TransportSettings(true, List.of("192.0.2.0/24")), List.of()))
        .as("a sender that is not among pledge.trusted-proxies")
        .isEqualTo(PROXY);
    assertThat(logged.list).isEmpty();
  }

  @Test
  @DisplayName("A-06 without pledge.behind-tls-proxy the forwarded address is ignored")
  void withoutTheDeclaration() {
    assertThat(resolve(new TransportSettings(false, List.of("127.0.0.1/32")), List.of()))
        .isEqualTo(PROXY);
    assertThat(logged.list).isEmpty();
  }

  @Test
  @DisplayName(
      "pledge.analytics.trusted-proxies still works for the ingest, with one warning naming the"
          + " setting to use and no address")
  void deprecatedAlias() {
    assertThat(
            resolve(new TransportSettings(false, List.of("192.0.2.0/24")), List.of("127.0.0.0/8")))
        .isEqualTo(CLIENT);
    assertThat(logged.list).hasSize(1);
    ILoggingEvent warning = logged.list.get(0);
    assertThat(warning.getLevel()).isEqualTo(Level.WARN);
    assertThat(warning.getFormattedMessage())
        .contains("pledge.analytics.trusted-proxies")
        .contains("pledge.trusted-proxies")
        .contains("pledge.behind-tls-proxy=true")
        .doesNotContain("127.")
        .doesNotContain("192.0.2");
  }

  private static String resolve(TransportSettings transport, List<String> analyticsProxies) {
    AnalyticsSettings analytics =
        new AnalyticsSettings(analyticsProxies, 1000, 1, 20, 100, List.of(), -1, "", true, true);
    return new ClientAddress(IngestTrustedProxies.of(transport, analytics))
        .resolve(PROXY, CLIENT, null);
  }
}
