package dev.pledge.server.accesslog;

import dev.pledge.server.PledgeSettings;
import java.nio.file.Path;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Pledge's own access log: combined format, one file a day under {@code {data-dir}/logs/access/},
 * anonymised before it is written, and deleted after the policy's retention by {@link
 * AccessLogStores}.
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
}
