package dev.pledge.server.analytics;

import dev.pledge.server.TransportSettings;
import dev.pledge.server.policy.PolicyCatalog;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the ingest path: reducer, writer, and the door that uses them. */
@Configuration(proxyBeanMethods = false)
class AnalyticsConfiguration {

  @Bean
  UserAgentReducer userAgentReducer() {
    return new UserAgentReducer();
  }

  @Bean(destroyMethod = "close")
  EventWriter eventWriter(
      DataSource dataSource,
      AnalyticsPartitions partitions,
      WriteCounter counter,
      AnalyticsSettings settings) {
    return new EventWriter(
        dataSource, partitions, counter, settings.queueCapacity(), settings.writers());
  }

  @Bean
  EventIngest eventIngest(
      PolicyCatalog catalog,
      DailySalts salts,
      UserAgentReducer reducer,
      CountryLookup countries,
      EventWriter writer,
      AnalyticsSettings settings,
      TransportSettings transport,
      Clock clock) {
    return new EventIngest(
        catalog,
        salts,
        reducer,
        countries,
        writer,
        settings,
        IngestTrustedProxies.of(transport, settings),
        clock);
  }

  /**
   * {@code /api/event} ahead of every other filter (security, property routing, MVC): for requests
   * that reach Tomcat, when the front door is off.
   */
  @Bean
  FilterRegistrationBean<EventIngestFilter> eventIngestFilter(
      EventIngest ingest, PolicyCatalog catalog) {
    var registration = new FilterRegistrationBean<>(new EventIngestFilter(ingest, catalog));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setAsyncSupported(true);
    registration.addUrlPatterns("/*");
    return registration;
  }

  /** The lean listener, when {@code pledge.analytics.ingest-port} is 0 or a port number. */
  @Bean(destroyMethod = "close")
  @ConditionalOnExpression("${pledge.analytics.ingest-port:-1} >= 0")
  IngestListener ingestListener(
      EventIngest ingest,
      AnalyticsSettings settings,
      @Value("${server.address:0.0.0.0}") String address)
      throws InterruptedException {
    return new IngestListener(ingest, address, settings.ingestPort());
  }
}
