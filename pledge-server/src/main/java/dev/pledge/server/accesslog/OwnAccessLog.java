package dev.pledge.server.accesslog;

import dev.pledge.server.PledgeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Pledge's own access log: combined format, one file a day under {@code {data-dir}/logs/access/},
 * scrubbed and anonymised before it is written ({@link AnonymisingAccessLogValve}), owner-only, and
 * deleted after the policy's retention by {@link AccessLogStores}.
 */
@Component
class OwnAccessLog implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  static final String PREFIX = "access";
  static final String SUFFIX = ".log";

  private final Path directory;

  OwnAccessLog(PledgeSettings settings) {
    this.directory = directory(settings);
  }

  static Path directory(PledgeSettings settings) {
    return settings.dataDir().resolve("logs").resolve("access").toAbsolutePath();
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    ownerOnly();
    AnonymisingAccessLogValve valve = new AnonymisingAccessLogValve();
    valve.setDirectory(directory.toString());
    valve.setPrefix(PREFIX);
    valve.setSuffix(SUFFIX);
    valve.setFileDateFormat(".yyyy-MM-dd");
    valve.setRotatable(true);
    valve.setPattern("combined");
    valve.setEncoding("UTF-8");
    valve.setBuffered(false); // a line is on disk when its request ends; lines are small
    factory.addEngineValves(valve);
  }

  /**
   * Makes the directories owner-only, and every file already in the log directory: a data directory
   * from a version that wrote world-readable day files is tightened at the next start.
   */
  private void ownerOnly() {
    OwnerOnlyFiles.directory(directory.getParent());
    OwnerOnlyFiles.directory(directory);
    try (Stream<Path> files = Files.list(directory)) {
      files.filter(Files::isRegularFile).forEach(OwnerOnlyFiles::file);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not list the access-log directory " + directory, e);
    }
  }
}
