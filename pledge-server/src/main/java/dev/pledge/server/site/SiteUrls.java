package dev.pledge.server.site;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.util.UriUtils;

/**
 * The site's URL scheme in one place. A page's clean URL is its file's path without extension and
 * without a trailing {@code index}, never ending in a slash except the root: {@code
 * guides/formats.md} and {@code guides/formats/index.md} both answer at {@code /guides/formats}.
 * URLs here are relative to the property's root (its context path is added when a link is written)
 * and percent-encoded.
 */
final class SiteUrls {

  static final String ROOT = "/";

  private SiteUrls() {}

  /** The URL of a path made of these decoded segments. */
  static String of(List<String> segments) {
    if (segments.isEmpty()) {
      return ROOT;
    }
    StringBuilder url = new StringBuilder();
    for (String segment : segments) {
      url.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
    }
    return url.toString();
  }

  /** The clean URL of a page file, given its path below the content root as decoded segments. */
  static String ofPageFile(List<String> fileSegments) {
    List<String> segments = new ArrayList<>(fileSegments);
    String last = PageFiles.withoutExtension(segments.remove(segments.size() - 1));
    if (!last.equals("index")) {
      segments.add(last);
    }
    return of(segments);
  }

  /** The segments of a URL produced by {@link #of}; still encoded. */
  static List<String> segmentsOf(String url) {
    if (url.equals(ROOT) || url.isEmpty()) {
      return List.of();
    }
    return List.of(url.substring(1).split("/"));
  }

  /**
   * A link from the page at {@code from} to {@code to} that does not depend on where the site is
   * mounted, so a page rendered once serves under a domain and under {@code /p/{id}/} alike.
   */
  static String relative(String from, String to) {
    List<String> fromSegments = segmentsOf(from);
    List<String> base =
        fromSegments.isEmpty() ? List.of() : fromSegments.subList(0, fromSegments.size() - 1);
    List<String> target = segmentsOf(to);
    int common = 0;
    while (common < base.size()
        && common < target.size()
        && base.get(common).equals(target.get(common))) {
      common++;
    }
    if (!target.isEmpty() && common == target.size()) {
      // The target is a folder of the current page; name it, because a bare "../" would end in
      // a slash and cost the reader a redirect.
      common--;
    }
    StringBuilder link = new StringBuilder();
    link.append("../".repeat(base.size() - common));
    link.append(String.join("/", target.subList(common, target.size())));
    return link.length() == 0 ? "./" : link.toString();
  }
}
