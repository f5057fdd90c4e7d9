package dev.pledge.server.site;

import dev.pledge.server.site.ContentResolver.ContentFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;

/**
 * Turns a page file into a {@link ContentPage}: front matter read, Markdown rendered with GitHub
 * tables and heading anchors (an {@code .html} fragment is taken as it is), and relative links
 * rewritten to the clean URLs the site serves.
 *
 * <p>Authors link the way files sit on disk ({@code [PNG](png.md)}, {@code ../images/x.svg}), so
 * the same files read well in an editor or a repository browser. Each such link is resolved against
 * the file's folder and written relative to the page's clean URL, which keeps a rendered page valid
 * under a domain and under {@code /p/{id}/} alike.
 */
final class PageRenderer {

  private static final List<Extension> EXTENSIONS =
      List.of(TablesExtension.create(), HeadingAnchorExtension.create());

  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();

  private static final HtmlRenderer HTML = HtmlRenderer.builder().extensions(EXTENSIONS).build();

  private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

  private static final Pattern FIRST_H1 =
      Pattern.compile("^\\s*<h1[^>]*>(.*?)</h1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private static final Pattern TAG = Pattern.compile("<[^>]*>");

  private PageRenderer() {}

  static ContentPage render(
      ContentFile file, String url, String text, FileTime modified, long size) {
    List<String> segments = file.segments();
    String source = String.join("/", segments);
    FrontMatter.Split split = FrontMatter.split(text, source);
    FrontMatter front = split.frontMatter();
    List<String> problems = new ArrayList<>(front.problems());

    String title = front.title();
    String html;
    if (PageFiles.kindOf(file.name()) == PageFiles.Kind.MARKDOWN) {
      Node document = PARSER.parse(split.body());
      // The layout shows the title as the page's only h1; a leading h1 in the body is that title.
      if (document.getFirstChild() instanceof Heading heading && heading.getLevel() == 1) {
        if (title == null) {
          title = TEXT.render(heading).strip();
        }
        heading.unlink();
      }
      List<String> folder = segments.subList(0, segments.size() - 1);
      document.accept(new LinkRewriter(url, folder));
      html = HTML.render(document);
    } else {
      html = split.body();
      Matcher h1 = FIRST_H1.matcher(html);
      if (h1.find()) {
        if (title == null) {
          title = HtmlUtils.htmlUnescape(TAG.matcher(h1.group(1)).replaceAll("")).strip();
        }
        html = html.substring(h1.end());
      }
    }
    if (title == null || title.isEmpty()) {
      title = fromFileName(url, segments);
    }

    boolean atRoot = segments.size() == 1;
    boolean index = PageFiles.withoutExtension(file.name()).equals("index");
    SiteLayout layout = atRoot && index ? SiteLayout.HOME : SiteLayout.PAGE;
    if (front.layout() != null) {
      var chosen = SiteLayout.byKey(front.layout());
      if (chosen.isPresent()) {
        layout = chosen.get();
      } else {
        problems.add(
            source
                + ": layout '"
                + front.layout()
                + "' does not exist; use one of "
                + SiteLayout.known()
                + " (showing the default)");
      }
    }
    return new ContentPage(
        url,
        atRoot ? null : segments.get(0),
        segments.size() == 2 && index,
        title,
        front.description(),
        front.updated(),
        front.navOrder(),
        front.navLabel() != null ? front.navLabel() : title,
        front.navHidden(),
        layout,
        html,
        modified,
        size,
        problems);
  }

  /** {@code colour-spaces} → {@code Colour spaces}; the root is {@code Home}. */
  private static String fromFileName(String url, List<String> segments) {
    if (url.equals(SiteUrls.ROOT)) {
      return "Home";
    }
    String name = PageFiles.withoutExtension(segments.get(segments.size() - 1));
    if (name.equals("index") && segments.size() > 1) {
      name = segments.get(segments.size() - 2);
    }
    return PageFiles.humanize(name);
  }

  /** Rewrites file-style links and image sources to clean, mount-independent URLs. */
  private static final class LinkRewriter extends AbstractVisitor {

    private final String pageUrl;
    private final List<String> folder;

    LinkRewriter(String pageUrl, List<String> folderSegments) {
      this.pageUrl = pageUrl;
      this.folder =
          folderSegments.stream()
              .map(s -> UriUtils.encodePathSegment(s, StandardCharsets.UTF_8))
              .toList();
    }

    @Override
    public void visit(Link link) {
      link.setDestination(rewrite(link.getDestination()));
      visitChildren(link);
    }

    @Override
    public void visit(Image image) {
      image.setDestination(rewrite(image.getDestination()));
      visitChildren(image);
    }

    String rewrite(String destination) {
      if (destination == null
          || destination.isEmpty()
          || destination.startsWith("#")
          || destination.startsWith("?")
          || destination.startsWith("//")
          || SCHEME.matcher(destination).find()) {
        return destination; // anchors, other sites, mailto: — nothing to resolve
      }
      int cut = indexOfAny(destination, '?', '#');
      String path = cut < 0 ? destination : destination.substring(0, cut);
      String suffix = cut < 0 ? "" : destination.substring(cut);
      Deque<String> target = new ArrayDeque<>(path.startsWith("/") ? List.of() : folder);
      String[] parts = path.split("/", -1);
      for (String part : parts) {
        if (part.isEmpty() || part.equals(".")) {
          continue;
        }
        if (part.equals("..")) {
          if (target.isEmpty()) {
            return destination; // above the site's root: leave it for the author to see
          }
          target.removeLast();
        } else {
          target.addLast(part);
        }
      }
      String last = parts[parts.length - 1];
      boolean folderLink = last.isEmpty() || last.equals(".") || last.equals("..");
      if (!folderLink && !target.isEmpty() && PageFiles.isPage(target.peekLast())) {
        String clean = PageFiles.withoutExtension(target.removeLast());
        if (!clean.equals("index")) {
          target.addLast(clean);
        }
      }
      String url = target.isEmpty() ? SiteUrls.ROOT : "/" + String.join("/", target);
      return SiteUrls.relative(pageUrl, url) + suffix;
    }

    private static int indexOfAny(String s, char a, char b) {
      int i = s.indexOf(a);
      int j = s.indexOf(b);
      return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
  }
}
