package dev.pledge.server.site;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The YAML block at the top of a page file, between two {@code ---} lines:
 *
 * <pre>
 * ---
 * title: PNG
 * description: Lossless images with transparency.
 * updated: 2024-03-02
 * nav: {order: 1, label: PNG}     # or nav: 3, or nav: false to leave the page out
 * layout: page                    # page (default), home, plain or contact
 * ---
 * </pre>
 *
 * A page without the block is still served; a block with mistakes is reported with file and line
 * and the page is served with what could be read, because a typo should not take a page offline.
 *
 * @param title the page title, or {@code null}
 * @param description one sentence for search results and overviews, or {@code null}
 * @param updated when the content was last reviewed, or {@code null}
 * @param navOrder position in the navigation (lower first), or {@code null} for last
 * @param navLabel the navigation label when shorter than the title, or {@code null}
 * @param navHidden true to leave the page out of the navigation
 * @param layout the layout name, or {@code null} for the default
 * @param problems what could not be read, each naming file and line
 */
record FrontMatter(
    String title,
    String description,
    LocalDate updated,
    Integer navOrder,
    String navLabel,
    boolean navHidden,
    String layout,
    List<String> problems) {

  static final Set<String> KEYS = Set.of("title", "description", "updated", "nav", "layout");

  static final FrontMatter NONE =
      new FrontMatter(null, null, null, null, null, false, null, List.of());

  FrontMatter {
    problems = List.copyOf(problems);
  }

  /** A page file split into its front matter and its body. */
  record Split(FrontMatter frontMatter, String body) {}

  /**
   * Splits a page file's text.
   *
   * @param source the file's name relative to the content root, for problem reports
   */
  static Split split(String text, String source) {
    String normalised = text.startsWith("\uFEFF") ? text.substring(1) : text;
    normalised = normalised.replace("\r\n", "\n");
    if (!normalised.startsWith("---\n")) {
      return new Split(NONE, normalised);
    }
    int end = closingLine(normalised);
    if (end < 0) {
      return new Split(
          withProblem(
              source
                  + ":1: the front matter opened with --- is never closed; add a line"
                  + " with --- after it"),
          normalised);
    }
    String yaml = normalised.substring(4, end);
    int bodyStart = normalised.indexOf('\n', end);
    String body = bodyStart < 0 ? "" : normalised.substring(bodyStart + 1);
    return new Split(read(yaml, source), body);
  }

  /** The offset of the closing {@code ---} (or {@code ...}) line, or -1. */
  private static int closingLine(String text) {
    int lineStart = 4;
    while (lineStart <= text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      String line = text.substring(lineStart, lineEnd < 0 ? text.length() : lineEnd).strip();
      if (line.equals("---") || line.equals("...")) {
        return lineStart;
      }
      if (lineEnd < 0) {
        return -1;
      }
      lineStart = lineEnd + 1;
    }
    return -1;
  }

  private static FrontMatter withProblem(String problem) {
    return new FrontMatter(null, null, null, null, null, false, null, List.of(problem));
  }

  private static FrontMatter read(String yaml, String source) {
    Object loaded;
    try {
      loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    } catch (MarkedYAMLException e) {
      // The context mark is where the broken construct began, which is the line to look at; the
      // problem mark is often just the end of the block. +2: the opening --- and 1-based lines.
      var mark = e.getContextMark() != null ? e.getContextMark() : e.getProblemMark();
      int line = mark == null ? 2 : mark.getLine() + 2;
      return withProblem(
          source + ":" + line + ": the front matter is not valid YAML (" + e.getProblem() + ")");
    } catch (YAMLException e) {
      return withProblem(source + ":2: the front matter is not valid YAML");
    }
    if (loaded == null) {
      return NONE;
    }
    if (!(loaded instanceof Map<?, ?> map)) {
      return withProblem(source + ":2: the front matter must be key: value lines");
    }
    List<String> problems = new ArrayList<>();
    for (Object key : map.keySet()) {
      if (!KEYS.contains(String.valueOf(key))) {
        problems.add(
            source
                + ": unknown front-matter key '"
                + key
                + "'; known keys are "
                + String.join(", ", KEYS.stream().sorted().toList()));
      }
    }
    String title = text(map.get("title"), "title", source, problems);
    String description = text(map.get("description"), "description", source, problems);
    String layout = text(map.get("layout"), "layout", source, problems);
    LocalDate updated = date(map.get("updated"), source, problems);
    Integer navOrder = null;
    String navLabel = null;
    boolean navHidden = false;
    Object nav = map.get("nav");
    if (nav instanceof Boolean shown) {
      navHidden = !shown;
    } else if (nav instanceof Integer order) {
      navOrder = order;
    } else if (nav instanceof Map<?, ?> navMap) {
      Object order = navMap.get("order");
      if (order instanceof Integer o) {
        navOrder = o;
      } else if (order != null) {
        problems.add(source + ": nav.order must be a whole number, not '" + order + "'");
      }
      navLabel = text(navMap.get("label"), "nav.label", source, problems);
      navHidden = Boolean.TRUE.equals(navMap.get("hidden"));
    } else if (nav != null) {
      problems.add(
          source + ": nav must be a number (its order), false, or {order: 1, label: Short name}");
    }
    return new FrontMatter(
        title, description, updated, navOrder, navLabel, navHidden, layout, problems);
  }

  private static String text(Object value, String key, String source, List<String> problems) {
    if (value == null) {
      return null;
    }
    if (value instanceof Map || value instanceof List) {
      problems.add(source + ": " + key + " must be plain text");
      return null;
    }
    String text = String.valueOf(value).strip();
    return text.isEmpty() ? null : text;
  }

  private static LocalDate date(Object value, String source, List<String> problems) {
    if (value == null) {
      return null;
    }
    if (value instanceof Date date) {
      // SnakeYAML reads an unquoted 2024-03-02 as midnight UTC.
      return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
    try {
      return LocalDate.parse(String.valueOf(value).strip());
    } catch (DateTimeParseException e) {
      problems.add(source + ": updated must be a date like 2024-03-02, not '" + value + "'");
      return null;
    }
  }
}
