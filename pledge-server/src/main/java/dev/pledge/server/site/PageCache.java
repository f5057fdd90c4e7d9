package dev.pledge.server.site;

import dev.pledge.server.site.ContentResolver.ContentFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Parsed pages, one per file, so a page view costs a {@code stat} rather than a Markdown parse. An
 * entry is replaced when the file's modification time or size changes, so an editor's save shows on
 * the next request without a restart.
 */
@Component
class PageCache {

  private static final Logger log = LoggerFactory.getLogger(PageCache.class);

  /** More distinct files than any reference site has; past it the cache starts over. */
  private static final int MAX_ENTRIES = 20_000;

  /** A page file bigger than this is a mistake (a video renamed .md?), not a page. */
  private static final long MAX_PAGE_BYTES = 4L * 1024 * 1024;

  private final ConcurrentHashMap<Path, ContentPage> pages = new ConcurrentHashMap<>();

  private final AtomicLong reads = new AtomicLong();

  /**
   * The page in this file, served under {@code url}.
   *
   * @throws IOException when the file cannot be read (gone since it was resolved, or too large)
   */
  ContentPage get(ContentFile file, String url) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file.real(), BasicFileAttributes.class);
    ContentPage cached = pages.get(file.real());
    if (cached != null
        && cached.url().equals(url)
        && cached.modified().equals(attributes.lastModifiedTime())
        && cached.size() == attributes.size()) {
      return cached;
    }
    if (attributes.size() > MAX_PAGE_BYTES) {
      throw new IOException(
          String.join("/", file.segments()) + " is larger than " + MAX_PAGE_BYTES + " bytes");
    }
    String text = Files.readString(file.real(), StandardCharsets.UTF_8);
    ContentPage page =
        PageRenderer.render(file, url, text, attributes.lastModifiedTime(), attributes.size());
    reads.incrementAndGet();
    if (cached == null || !cached.problems().equals(page.problems())) {
      page.problems().forEach(problem -> log.warn("Site content: {}", problem));
    }
    if (pages.size() >= MAX_ENTRIES) {
      pages.clear();
    }
    pages.put(file.real(), page);
    return page;
  }

  /** How many times a file was read and parsed; the tests use it to see the cache work. */
  long reads() {
    return reads.get();
  }
}
