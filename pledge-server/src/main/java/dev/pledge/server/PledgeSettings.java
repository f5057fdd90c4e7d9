package dev.pledge.server;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code pledge.*}.
 *
 * @param dataDir where the embedded database, logs and blobs live
 * @param policies policy files to serve: file paths, or {@code classpath:} locations
 * @param embeddedDatabase how the embedded PostgreSQL runs when no external URL is configured
 * @param demo true when demo content should be loaded
 * @param maintenance true when a CLI command works on a deployment's database: no web server, no
 *     scheduled jobs, no listeners, nothing done at start-up (see {@link MaintenanceMode})
 */
@ConfigurationProperties("pledge")
public record PledgeSettings(
    @DefaultValue("pledge-data") Path dataDir,
    @DefaultValue({
          "classpath:policies/reference-site.yaml",
          "classpath:policies/image-studio.yaml"
        })
        List<String> policies,
    @DefaultValue EmbeddedDatabase embeddedDatabase,
    @DefaultValue("false") boolean demo,
    @DefaultValue("false") boolean maintenance) {

  /**
   * @param ephemeral true to start from an empty database that is removed at shutdown (tests)
   * @param port fixed port, or 0 for any free port
   */
  public record EmbeddedDatabase(
      @DefaultValue("false") boolean ephemeral, @DefaultValue("0") int port) {}
}
