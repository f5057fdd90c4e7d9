package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.site.ContentResolver.ContentFile;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Front matter, Markdown and link rewriting, without a server. */
class PageRenderingTest {

  private static ContentPage render(String text, String... segments) {
    List<String> path = List.of(segments);
    ContentFile file = new ContentFile(Path.of("/content").resolve(String.join("/", path)), path);
    return PageRenderer.render(
        file, SiteUrls.ofPageFile(path), text, FileTime.fromMillis(0), text.length());
  }

  @Test
  @DisplayName("front matter gives title, description, date, navigation and layout")
  void readsFrontMatter() {
    ContentPage page =
        render(
            """
            ---
            title: Portable Network Graphics
            description: Lossless images.
            updated: 2023-05-10
            nav:
              order: 3
              label: PNG
            layout: plain
            ---
            Body text.
            """,
            "formats",
            "png.md");
    assertThat(page.url()).isEqualTo("/formats/png");
    assertThat(page.title()).isEqualTo("Portable Network Graphics");
    assertThat(page.description()).isEqualTo("Lossless images.");
    assertThat(page.updated()).isEqualTo(LocalDate.of(2023, 5, 10));
    assertThat(page.updatedText()).isEqualTo("10 May 2023");
    assertThat(page.navOrder()).isEqualTo(3);
    assertThat(page.navLabel()).isEqualTo("PNG");
    assertThat(page.layout()).isEqualTo(SiteLayout.PLAIN);
    assertThat(page.section()).isEqualTo("formats");
    assertThat(page.html()).isEqualTo("<p>Body text.</p>\n");
    assertThat(page.problems()).isEmpty();
  }

  @Test
  @DisplayName("GitHub tables and heading anchors are rendered")
  void rendersTablesAndAnchors() {
    ContentPage page =
        render(
            """
            ## Choosing a format

            | Format | Lossy |
            |--------|-------|
            | PNG    | no    |
            | JPEG   | yes   |
            """,
            "formats",
            "index.md");
    assertThat(page.html())
        .contains("<h2 id=\"choosing-a-format\">Choosing a format</h2>")
        .contains("<table>")
        .contains("<th>Format</th>")
        .contains("<td>JPEG</td>");
  }

  @Test
  @DisplayName("without a front-matter title the first h1 becomes the title and leaves the body")
  void titleFromHeading() {
    ContentPage page = render("# Colour *spaces*\n\nText.\n", "concepts", "colour-spaces.md");
    assertThat(page.title()).isEqualTo("Colour spaces");
    assertThat(page.html()).doesNotContain("<h1").contains("<p>Text.</p>");
    assertThat(render("Just text.\n", "concepts", "colour-spaces.md").title())
        .isEqualTo("Colour spaces");
  }

  @Test
  @DisplayName(
      "file-style links become clean URLs relative to the page, wherever the site is mounted")
  void rewritesLinks() {
    ContentPage png =
        render(
            """
            [JPEG](jpeg.md) [overview](index.md) [spaces](../concepts/colour-spaces.md#srgb)
            [home](../index.md) [abs](/about.md) [folder](../concepts/) [top](#top)
            [out](https://example.org/x.md) [mail](mailto:editor@example.org) ![d](../images/d.svg)
            [query](jpeg.md?x=1)
            """,
            "formats",
            "png.md");
    assertThat(png.html())
        .contains("href=\"jpeg\"")
        .contains("href=\"../formats\"")
        .contains("href=\"../concepts/colour-spaces#srgb\"")
        .contains("href=\"../\"")
        .contains("href=\"../about\"")
        .contains("href=\"../concepts\"")
        .contains("href=\"#top\"")
        .contains("href=\"https://example.org/x.md\"")
        .contains("href=\"mailto:editor@example.org\"")
        .contains("src=\"../images/d.svg\"")
        .contains("href=\"jpeg?x=1\"");

    ContentPage formatsIndex = render("[PNG](png.md) [up](../about.md)", "formats", "index.md");
    assertThat(formatsIndex.url()).isEqualTo("/formats");
    assertThat(formatsIndex.html()).contains("href=\"formats/png\"").contains("href=\"about\"");

    ContentPage home = render("[PNG](formats/png.md) [guide](formats/)", "index.md");
    assertThat(home.html()).contains("href=\"formats/png\"").contains("href=\"formats\"");
  }

  @Test
  @DisplayName("an .html fragment is taken as it is, its h1 becoming the title")
  void htmlFragments() {
    ContentPage page =
        render(
            "---\ndescription: A fragment.\n---\n<h1>Fragment &amp; more</h1>\n<p>Kept <b>as is</b>.</p>\n",
            "notes",
            "fragment.html");
    assertThat(page.title()).isEqualTo("Fragment & more");
    assertThat(page.html()).doesNotContain("<h1>").contains("<p>Kept <b>as is</b>.</p>");
    assertThat(page.url()).isEqualTo("/notes/fragment");
  }

  @Test
  @DisplayName("mistakes in front matter are reported with file and line; the page is still served")
  void reportsProblems() {
    ContentPage broken =
        render("---\ntitle: [unclosed\n---\nStill here.\n", "formats", "broken.md");
    assertThat(broken.problems()).singleElement().asString().startsWith("formats/broken.md:2:");
    assertThat(broken.html()).contains("Still here.");
    assertThat(broken.title()).isEqualTo("Broken");

    ContentPage typos =
        render(
            "---\nudpated: 2024-01-01\nupdated: soon\nlayout: fancy\nnav: {order: first}\n---\nx\n",
            "formats",
            "typos.md");
    assertThat(typos.problems())
        .anySatisfy(p -> assertThat(p).contains("unknown front-matter key 'udpated'"))
        .anySatisfy(p -> assertThat(p).contains("updated must be a date like 2024-03-02"))
        .anySatisfy(p -> assertThat(p).contains("layout 'fancy' does not exist"))
        .anySatisfy(p -> assertThat(p).contains("nav.order must be a whole number"));
    assertThat(typos.layout()).isEqualTo(SiteLayout.PAGE);

    ContentPage unclosed = render("---\ntitle: x\nno end\n", "formats", "open.md");
    assertThat(unclosed.problems()).singleElement().asString().contains("never closed");
  }

  @Test
  @DisplayName("nav: false hides a page; the root index defaults to the home layout")
  void navigationFlags() {
    assertThat(render("---\nnav: false\n---\n", "draft.md").navHidden()).isTrue();
    assertThat(render("---\nnav: 4\n---\n", "about.md").navOrder()).isEqualTo(4);
    assertThat(render("Welcome", "index.md").layout()).isEqualTo(SiteLayout.HOME);
    assertThat(render("Welcome", "index.md").title()).isEqualTo("Home");
    assertThat(render("Guides", "guides", "index.md").sectionIndex()).isTrue();
  }

  @Test
  @DisplayName("links between pages never depend on the mount point")
  void relativeUrls() {
    assertThat(SiteUrls.relative("/formats/png", "/formats/jpeg")).isEqualTo("jpeg");
    assertThat(SiteUrls.relative("/formats/png", "/formats")).isEqualTo("../formats");
    assertThat(SiteUrls.relative("/formats/png", "/")).isEqualTo("../");
    assertThat(SiteUrls.relative("/about", "/")).isEqualTo("./");
    assertThat(SiteUrls.relative("/", "/about")).isEqualTo("about");
    assertThat(SiteUrls.relative("/a/b/c", "/a/x/y")).isEqualTo("../x/y");
  }
}
