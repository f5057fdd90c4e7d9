package dev.pledge.server;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code pledge.maintenance=true}: the server's context without the server, for CLI commands that
 * work on a deployment's database ({@code pledge audit verify}, retention, {@code pledge verify}).
 * No web server and no ingest listener, db-scheduler off (so no job runs twice beside a running
 * server), and beans made only when a command asks for them, which keeps the command quick. These
 * outrank any other setting: a maintenance run must never start serving or sweeping.
 */
public class MaintenanceMode implements EnvironmentPostProcessor {

  public static final String PROPERTY = "pledge.maintenance";

  @Override
  public void postProcessEnvironment(
      ConfigurableEnvironment environment, SpringApplication application) {
    if (!environment.getProperty(PROPERTY, Boolean.class, false)) {
      return;
    }
    environment
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "pledge-maintenance",
                Map.of(
                    "spring.main.web-application-type", "none",
                    "spring.main.lazy-initialization", "true",
                    "db-scheduler.enabled", "false",
                    "pledge.analytics.ingest-port", "-1",
                    "spring.jmx.enabled", "false")));
  }
}
