package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An external database that could lose confirmed writes gets a clear warning at start-up (issue
 * 11). The "external" database is an embedded PostgreSQL with the library's defaults ({@link
 * EarlierEmbeddedDatabase}): fsync and synchronous_commit off.
 */
@ExtendWith(OutputCaptureExtension.class)
class DatabaseDurabilityWarningTest {

  @TempDir Path data;

  @Test
  @DisplayName(
      "an external database with fsync and synchronous_commit off: a start-up WARN says so")
  void warnsAboutExternalDatabase(CapturedOutput output) throws Exception {
    try (EmbeddedPostgres external = EarlierEmbeddedDatabase.start(data.resolve("external"))) {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("spring.datasource.url", external.getJdbcUrl("postgres", "postgres"));
      properties.put("spring.datasource.username", "postgres");
      properties.put("pledge.data-dir", data.toString());
      // The server without its listeners and jobs: the check runs when the context is ready.
      properties.put("spring.main.web-application-type", "none");
      properties.put("spring.main.lazy-initialization", "true");
      properties.put("db-scheduler.enabled", "false");
      properties.put("pledge.analytics.ingest-port", "-1");
      try (ConfigurableApplicationContext context = PledgeServer.start(properties)) {
        assertThat(context.getBeansOfType(EmbeddedPostgres.class))
            .as("the external database is used, not an embedded one")
            .isEmpty();
      }
    }
    assertThat(output.getOut())
        .contains("WARN")
        .contains("The database runs with fsync=off, synchronous_commit=off")
        .contains("can be lost in a crash")
        .contains("postgresql.conf");
  }
}
