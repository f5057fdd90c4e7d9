package dev.pledge.server.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The demo reference site as the server sees it, to compare what is served with what exists. */
final class DemoSite {

  private DemoSite() {}

  /** The folder the server serves the reference site from in tests: the classpath copy. */
  static Path root() {
    try {
      return Path.of(DemoSite.class.getClassLoader().getResource("demo/reference-site").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every page's clean URL, computed from the files independently of the server's code. */
  static List<String> pageUrls() {
    Path root = root();
    List<String> urls = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        String relative = root.relativize(file).toString().replace('\\', '/');
        String url = "/" + relative.substring(0, relative.length() - ".md".length());
        if (url.equals("/index")) {
          url = "/";
        } else if (url.endsWith("/index")) {
          url = url.substring(0, url.length() - "/index".length());
        }
        urls.add(url);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return urls;
  }
}
