package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.site.ContentResolver.PageFound;
import dev.pledge.server.site.SiteNavigation.NavItem;
import dev.pledge.server.site.SiteNavigation.Navigation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page cache and the navigation it feeds, over a temporary content folder. */
class PageCacheAndNavigationTest {

  @TempDir Path root;

  private final ContentResolver resolver = new ContentResolver();
  private final PageCache cache = new PageCache();

  @BeforeEach
  void createSite() throws IOException {
    write("index.md", "---\ntitle: Field guide\nnav: {label: Home}\n---\nWelcome.");
    write("about.md", "---\ntitle: About us\nnav: {order: 9, label: About}\n---\n");
    write("contact.md", "---\ntitle: Contact\nnav: 10\n---\n");
    write("draft.md", "---\ntitle: Draft\nnav: false\n---\n");
    write("guides/index.md", "---\ntitle: The guides\nnav: {order: 2, label: Guides}\n---\n");
    write("guides/zebra.md", "---\ntitle: Zebra\nnav: 1\n---\n");
    write("guides/alpha.md", "---\ntitle: Alpha\nnav: 2\n---\n");
    write("guides/unordered.md", "---\ntitle: Unordered\n---\n");
    write("basics/index.md", "---\ntitle: Basics\nnav: 1\n---\n");
    write("basics/one.md", "---\ntitle: One\n---\n");
    write("loose/page.md", "---\ntitle: Loose page\n---\n");
  }

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private PageFound found(String url) {
    return resolver.pages(root).stream().filter(p -> p.url().equals(url)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a page is parsed once and parsed again only when its file changes")
  void cachesUntilTheFileChanges() throws IOException {
    PageFound about = found("/about");
    ContentPage first = cache.get(about.file(), about.url());
    long reads = cache.reads();
    assertThat(cache.get(about.file(), about.url())).isSameAs(first);
    assertThat(cache.reads()).isEqualTo(reads);

    Files.writeString(about.file().real(), "---\ntitle: About the editors\n---\n");
    Files.setLastModifiedTime(about.file().real(), FileTime.from(Instant.now().plusSeconds(5)));
    ContentPage second = cache.get(about.file(), about.url());
    assertThat(second.title()).isEqualTo("About the editors");
    assertThat(cache.reads()).isEqualTo(reads + 1);
    assertThat(cache.get(about.file(), about.url())).isSameAs(second);
  }

  @Test
  @DisplayName(
      "the navigation is ordered by nav.order then label, home first, hidden pages left out")
  void ordersNavigation() {
    Navigation nav = new SiteNavigation(resolver, cache).of(root);
    assertThat(nav.items().stream().map(NavItem::label))
        .containsExactly("Home", "Basics", "Guides", "About", "Contact", "Loose");
    NavItem guides = nav.items().get(2);
    assertThat(guides.url()).isEqualTo("/guides");
    assertThat(guides.pages().stream().map(ContentPage::title))
        .containsExactly("Zebra", "Alpha", "Unordered");
    assertThat(nav.items().get(5).url())
        .as("a folder without index links its first page")
        .isEqualTo("/loose/page");
    assertThat(nav.pages().stream().map(ContentPage::url)).contains("/draft");
    assertThat(nav.items()).noneMatch(i -> i.url().equals("/draft"));
    assertThat(guides.contains("/guides/alpha")).isTrue();
    assertThat(guides.contains("/basics/one")).isFalse();
  }

  @Test
  @DisplayName("the navigation notices an added page and changes its version")
  void noticesChanges() throws Exception {
    SiteNavigation navigation = new SiteNavigation(resolver, cache);
    Navigation before = navigation.of(root);
    write("guides/new.md", "---\ntitle: Brand new\nnav: 0\n---\n");
    Thread.sleep(1_100); // the folder is walked again at most once a second
    Navigation after = navigation.of(root);
    assertThat(after.version()).isNotEqualTo(before.version());
    assertThat(after.items().get(2).pages().get(0).title()).isEqualTo("Brand new");
    assertThat(after.lastModified()).isAfter(before.lastModified());
  }

  @Test
  @DisplayName("suggestions find a mistyped, moved or misspelt page, and nothing for nonsense")
  void suggestsClosestPages() {
    var pages = new SiteNavigation(resolver, cache).of(root).pages();
    assertThat(PageSuggestions.closest("/guides/alhpa", pages, 3))
        .extracting(ContentPage::url)
        .startsWith("/guides/alpha");
    assertThat(PageSuggestions.closest("/zebra", pages, 3))
        .extracting(ContentPage::url)
        .containsExactly("/guides/zebra");
    assertThat(PageSuggestions.closest("/guides/alpha.html", pages, 3))
        .extracting(ContentPage::url)
        .startsWith("/guides/alpha");
    assertThat(PageSuggestions.closest("/qqqqqqqq", pages, 3)).isEmpty();
    assertThat(PageSuggestions.closest("/draft", pages, 3))
        .as("hidden pages stay hidden")
        .isEmpty();
  }
}
