package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pledge.server.security.FuzzBudget;
import dev.pledge.server.site.ContentResolver.ContentFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** Fuzzes page files: any front matter and Markdown renders to a page, its problems listed. */
@Tag("B-13")
class PageSourceFuzzTest {

  private static final List<String> PATH = List.of("guide", "page.md");
  private static final ContentFile FILE = new ContentFile(Path.of("/content/guide/page.md"), PATH);

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: front matter and Markdown render to a page")
  void pageSource(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    FrontMatter.Split split = FrontMatter.split(text, "guide/page.md");
    assertThat(split.body()).isNotNull();
    ContentPage page =
        PageRenderer.render(
            FILE, SiteUrls.ofPageFile(PATH), text, FileTime.fromMillis(0), input.length);
    assertThat(page.url()).isNotNull();
  }
}
