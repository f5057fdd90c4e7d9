package dev.pledge.server.site;

import java.nio.file.attribute.FileTime;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * A page read from its file and rendered to HTML once, kept by {@link PageCache} until the file
 * changes.
 *
 * @param url the clean URL, relative to the property's root
 * @param section the top-level folder the page lives in, or {@code null} for a page at the root
 * @param sectionIndex true for a folder's {@code index} page, which stands for the whole section
 * @param title the title (front matter, else the first heading, else the file name)
 * @param description one sentence, or {@code null}
 * @param updated the date the content was last reviewed, or {@code null}
 * @param navOrder position in the navigation, or {@code null} for last
 * @param navLabel the label in the navigation
 * @param navHidden true when the page stays out of the navigation
 * @param layout the layout it is shown in
 * @param html the rendered body
 * @param modified the file's modification time when it was read
 * @param size the file's size when it was read
 * @param problems front-matter problems, reported when the file was read
 */
record ContentPage(
    String url,
    String section,
    boolean sectionIndex,
    String title,
    String description,
    LocalDate updated,
    Integer navOrder,
    String navLabel,
    boolean navHidden,
    SiteLayout layout,
    String html,
    FileTime modified,
    long size,
    List<String> problems) {

  private static final DateTimeFormatter READABLE_DATE =
      DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

  ContentPage {
    problems = List.copyOf(problems);
  }

  /**
   * The update date as people read it, e.g. {@code 2 March 2024}, or {@code null}. Public, like
   * every method the templates call: SpEL only finds public methods.
   */
  public String updatedText() {
    return updated == null ? null : READABLE_DATE.format(updated);
  }

  public boolean isHome() {
    return url.equals(SiteUrls.ROOT);
  }
}
