package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
      Clock clock) {
    return new EventIngest(catalog, salts, reducer, countries, writer, settings, clock);
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
