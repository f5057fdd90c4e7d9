package dev.pledge.server.billing;

import dev.pledge.server.studio.StudioController;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.webjars.WebJarVersionLocator;

/**
 * Chart.js for the credits page, from the webjar the server already ships, on the studio's own
 * paths: the studio serves no {@code /webjars/} and its CSP allows only its own scripts.
 */
@StudioController
class ChartScript {

  private final byte[] script;

  ChartScript() throws IOException {
    String path = new WebJarVersionLocator().fullPath("chart.js", "dist/chart.umd.min.js");
    if (path == null) {
      throw new IllegalStateException("the chart.js webjar is missing from the classpath");
    }
    try (InputStream in = new ClassPathResource(path).getInputStream()) {
      this.script = in.readAllBytes();
    }
  }

  @GetMapping("/billing/chart.js")
  ResponseEntity<byte[]> chart() {
    return ResponseEntity.ok()
        .contentType(MediaType.valueOf("text/javascript"))
        .cacheControl(CacheControl.maxAge(Duration.ofDays(1)))
        .body(script);
  }
}
