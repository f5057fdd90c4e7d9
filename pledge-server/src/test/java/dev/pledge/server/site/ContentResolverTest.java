package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.site.ContentResolver.AssetFound;
import dev.pledge.server.site.ContentResolver.BundledAssetFound;
import dev.pledge.server.site.ContentResolver.MovedTo;
import dev.pledge.server.site.ContentResolver.NotFound;
import dev.pledge.server.site.ContentResolver.PageFound;
import dev.pledge.server.site.ContentResolver.Resolution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The resolver against a content folder that has a secret file right beside it, symbolic links
 * leading out of it, and hidden files inside it.
 */
class ContentResolverTest {

  private static final String SECRET = "the secret beside the content root";

  @TempDir Path temp;

  private Path root;
  private final ContentResolver resolver = new ContentResolver();

  @BeforeEach
  void createSite() throws IOException {
    root = Files.createDirectories(temp.resolve("site"));
    Files.writeString(temp.resolve("secret.txt"), SECRET);
    Files.createDirectories(temp.resolve("outside"));
    Files.writeString(temp.resolve("outside/page.md"), SECRET);

    Files.writeString(root.resolve("index.md"), "# Home");
    Files.writeString(root.resolve("about.md"), "# About");
    Files.createDirectories(root.resolve("guides/formats"));
    Files.writeString(root.resolve("guides/index.md"), "# Guides");
    Files.writeString(root.resolve("guides/png.md"), "# PNG");
    Files.writeString(root.resolve("guides/fragment.html"), "<h1>Fragment</h1>");
    Files.writeString(root.resolve("guides/formats/index.md"), "# Formats");
    Files.createDirectories(root.resolve("images"));
    Files.write(root.resolve("images/dot.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Files.writeString(root.resolve(".env"), SECRET);
    Files.createDirectories(root.resolve(".git"));
    Files.writeString(root.resolve(".git/config"), SECRET);
    Files.writeString(root.resolve(".hidden.md"), SECRET);

    Files.createSymbolicLink(root.resolve("escape.txt"), temp.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("escape.md"), temp.resolve("outside/page.md"));
    Files.createSymbolicLink(root.resolve("outside-folder"), temp.resolve("outside"));
    Files.createSymbolicLink(root.resolve("dotlink.md"), root.resolve(".hidden.md"));
    Files.createSymbolicLink(root.resolve("alias.md"), root.resolve("about.md"));
  }

  private Resolution resolve(String raw) {
    return RequestPath.parse(raw).map(p -> resolver.resolve(root, p)).orElse(new NotFound());
  }

  @Test
  @DisplayName("a clean URL finds x.md, x.html and x/index.md; the root finds index.md")
  void findsPagesByCleanUrl() {
    assertThat(resolve("/"))
        .isInstanceOfSatisfying(PageFound.class, p -> assertThat(p.url()).isEqualTo("/"));
    assertThat(resolve("/about"))
        .isInstanceOfSatisfying(
            PageFound.class, p -> assertThat(p.file().name()).isEqualTo("about.md"));
    assertThat(resolve("/guides/png")).isInstanceOf(PageFound.class);
    assertThat(resolve("/guides/fragment"))
        .isInstanceOfSatisfying(
            PageFound.class, p -> assertThat(p.file().name()).isEqualTo("fragment.html"));
    assertThat(resolve("/guides/formats"))
        .isInstanceOfSatisfying(
            PageFound.class,
            p -> assertThat(p.file().segments()).containsExactly("guides", "formats", "index.md"));
  }

  @Test
  @DisplayName("source names, index names and trailing slashes redirect to the one clean URL")
  void redirectsToTheCleanUrl() {
    assertThat(resolve("/about.md")).isEqualTo(new MovedTo("/about"));
    assertThat(resolve("/guides/fragment.html")).isEqualTo(new MovedTo("/guides/fragment"));
    assertThat(resolve("/guides/formats/index.md")).isEqualTo(new MovedTo("/guides/formats"));
    assertThat(resolve("/index.md")).isEqualTo(new MovedTo("/"));
    assertThat(resolve("/index")).isEqualTo(new MovedTo("/"));
    assertThat(resolve("/guides/index")).isEqualTo(new MovedTo("/guides"));
    assertThat(resolve("/guides/")).isEqualTo(new MovedTo("/guides"));
    assertThat(resolve("/guides/png/")).isEqualTo(new MovedTo("/guides/png"));
    assertThat(resolve("/images/dot.png/")).isEqualTo(new MovedTo("/images/dot.png"));
    assertThat(resolve("/nothing.md")).isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("other files are assets; the server's own stylesheet is the fallback")
  void servesAssets() {
    assertThat(resolve("/images/dot.png")).isInstanceOf(AssetFound.class);
    assertThat(resolve("/site/site.css")).isInstanceOf(BundledAssetFound.class);
    assertThat(resolve("/images")).as("a folder without index").isInstanceOf(NotFound.class);
    assertThat(resolve("/site")).isInstanceOf(NotFound.class);
    assertThat(resolve("/templates/site/page.html")).isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("a symbolic link inside the root is followed; one leading out of it is not")
  void symbolicLinks() {
    assertThat(resolve("/alias")).isInstanceOf(PageFound.class);
    assertThat(resolve("/escape.txt")).isInstanceOf(NotFound.class);
    assertThat(resolve("/escape")).isInstanceOf(NotFound.class);
    assertThat(resolve("/escape.md")).isInstanceOf(NotFound.class);
    assertThat(resolve("/outside-folder/page")).isInstanceOf(NotFound.class);
    assertThat(resolve("/dotlink")).as("a link to a hidden file").isInstanceOf(NotFound.class);
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
            "/../secret.txt",
            "/..%2fsecret.txt",
            "/%2e%2e/secret.txt",
            "/%2e%2e%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/guides/../../secret.txt",
            "/guides/%2e%2e/%2e%2e/secret.txt",
            "/..;/secret.txt",
            "//" + "secret.txt",
            "/" + "%2F" + "secret.txt",
            "/.env",
            "/.git/config",
            "/.hidden",
            "/.hidden.md",
            "/%2eenv",
            "/escape.txt",
            "/escape",
            "/outside-folder/page.md",
            "/guides/..%2f..%2fsecret.txt",
            "/guides/%252e%252e/%252e%252e/secret.txt")
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0} reaches nothing")
  @MethodSource("attacks")
  @DisplayName("traversal, encoded traversal, hidden files and escaping links resolve to nothing")
  void traversalFindsNothing(String raw) {
    assertThat(resolve(raw)).isInstanceOf(NotFound.class);
  }

  @Test
  @DisplayName("an absolute path as a segment list cannot leave the root either")
  void absoluteSegmentsStayInside() throws IOException {
    Path rootReal = root.toRealPath();
    assertThat(resolver.file(rootReal, List.of("..", "secret.txt"))).isEmpty();
    assertThat(resolver.file(rootReal, List.of(temp.resolve("secret.txt").toString()))).isEmpty();
    assertThat(resolver.file(rootReal, List.of("guides", "..", "..", "secret.txt"))).isEmpty();
  }

  @Test
  @DisplayName("the page list holds every page with its clean URL and nothing hidden or outside")
  void listsPages() {
    assertThat(resolver.pages(root).stream().map(PageFound::url))
        .containsExactlyInAnyOrder(
            "/",
            "/about",
            "/alias",
            "/guides",
            "/guides/png",
            "/guides/fragment",
            "/guides/formats");
  }
}
