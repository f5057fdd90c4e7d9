package dev.pledge.server;

import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.autoconfigure.session.SessionAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.modulith.Modulithic;

/**
 * The Pledge server: the privacy engine and the services built on it, one Spring Boot application
 * made of Spring Modulith modules (one sub-package each).
 */
// Spring Session is the studio's alone (its own repository and filter, for studio requests only):
// Boot's session auto-configuration would put a session filter in front of every request.
@SpringBootApplication(
    exclude = {UserDetailsServiceAutoConfiguration.class, SessionAutoConfiguration.class})
@ConfigurationPropertiesScan
@Modulithic(sharedModules = "shared")
public class PledgeServer {

  /**
   * Starts the server with the given properties; the CLI translates its options into these. They
   * are passed as command-line arguments because those outrank {@code application.properties},
   * which Spring's "default properties" do not.
   */
  public static ConfigurableApplicationContext start(Map<String, Object> properties) {
    SpringApplication app = new SpringApplication(PledgeServer.class);
    app.setBannerMode(Banner.Mode.OFF);
    String[] args =
        properties.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return app.run(args);
  }
}
