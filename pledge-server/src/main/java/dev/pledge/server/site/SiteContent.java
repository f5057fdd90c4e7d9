package dev.pledge.server.site;

import dev.pledge.policy.Property;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Where each static site's content lives: one folder per property, named by the property's id,
 * under a base folder chosen at start-up — {@code pledge.site.content-dir} when set, else {@code
 * ./demo} in a checkout, else the demo content inside the jar (copied out to the data folder once
 * per start, so one file-system code path serves everything and symbolic-link checks stay real).
 */
@Component
class SiteContent {

  private static final Logger log = LoggerFactory.getLogger(SiteContent.class);

  private static final String BUNDLED_DEMO = "demo";

  private final Path base;

  SiteContent(SiteSettings settings, PledgeSettings pledge, PolicyCatalog catalog) {
    this.base = locate(settings, pledge);
    for (ServedProperty property : catalog.all()) {
      if (isStaticSite(property)) {
        Path root = base.resolve(property.id().value());
        if (Files.isDirectory(root)) {
          log.info("Serving the content of {} from {}", property.name(), root.toAbsolutePath());
        } else {
          log.warn(
              "{} is a static site, but its content folder {} does not exist; its home page shows"
                  + " the policy summary until that folder exists (set pledge.site.content-dir to"
                  + " the folder that holds it)",
              property.name(),
              root.toAbsolutePath());
        }
      }
    }
  }

  /** The content root of the request's property, when it is a static site that has content. */
  Optional<Path> rootFor(ServletRequest request) {
    return CurrentProperty.of(request).flatMap(this::rootFor);
  }

  Optional<Path> rootFor(ServedProperty property) {
    if (!isStaticSite(property)) {
      return Optional.empty();
    }
    Path root = base.resolve(property.id().value());
    return Files.isDirectory(root) ? Optional.of(root) : Optional.empty();
  }

  private static boolean isStaticSite(ServedProperty property) {
    return property.policy().property().kind() == Property.Kind.STATIC_SITE;
  }

  private static Path locate(SiteSettings settings, PledgeSettings pledge) {
    if (settings.contentDir() != null) {
      if (!Files.isDirectory(settings.contentDir())) {
        throw new IllegalStateException(
            "pledge.site.content-dir is "
                + settings.contentDir().toAbsolutePath()
                + ", which is not a folder: create it (one folder per property id inside) or"
                + " correct the setting");
      }
      return settings.contentDir();
    }
    Path checkout = Path.of(BUNDLED_DEMO);
    if (Files.isDirectory(checkout)) {
      return checkout;
    }
    URL bundled = SiteContent.class.getClassLoader().getResource(BUNDLED_DEMO);
    if (bundled != null && "file".equals(bundled.getProtocol())) {
      try {
        return Path.of(bundled.toURI()); // an exploded classpath: tests and IDE runs
      } catch (URISyntaxException e) {
        throw new IllegalStateException("The bundled demo content has an unusable location", e);
      }
    }
    return extractBundledDemo(pledge.dataDir().resolve("site-content"));
  }

  /** Copies the demo content out of the jar, replacing an earlier copy. */
  private static Path extractBundledDemo(Path target) {
    try {
      deleteTree(target);
      Files.createDirectories(target);
      Resource[] resources =
          new PathMatchingResourcePatternResolver(SiteContent.class.getClassLoader())
              .getResources("classpath*:" + BUNDLED_DEMO + "/**");
      String marker = "/" + BUNDLED_DEMO + "/";
      for (Resource resource : resources) {
        String url = resource.getURL().toString();
        int at = url.lastIndexOf(marker);
        if (at < 0 || url.endsWith("/") || !resource.isReadable()) {
          continue;
        }
        String relative =
            UriUtils.decode(url.substring(at + marker.length()), StandardCharsets.UTF_8);
        Path file = target.resolve(relative).normalize();
        if (!file.startsWith(target)) {
          continue;
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = resource.getInputStream()) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        // Keep the jar's timestamps so ETags and Last-Modified survive a restart.
        long modified = resource.lastModified();
        if (modified > 0) {
          Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
        }
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not copy the demo site content to "
              + target.toAbsolutePath()
              + "; check that the data folder is writable or set pledge.site.content-dir",
          e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
