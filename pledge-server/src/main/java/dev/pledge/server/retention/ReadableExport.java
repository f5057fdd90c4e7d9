package dev.pledge.server.retention;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.web.util.HtmlUtils;

/**
 * The parts of an access export meant for a person rather than a program (A-15, B-27): {@code
 * index.html}, one self-contained page that says what each kind of data is, why it is kept, for how
 * long and who else receives it, and shows the items themselves; and {@code {category}.csv} beside
 * the JSON for every category whose items are rows of plain values, for a spreadsheet.
 *
 * <p>The items are kept in memory while the JSON is streamed, up to {@value #MAX_CHARS} characters
 * for the whole export: one person's data is small. A category past that limit is shown by its
 * numbers and JSON file only, and the page says so.
 */
final class ReadableExport {

  static final String INDEX = "index.html";

  /** What the page and the CSV files may hold in memory, in characters of JSON. */
  static final long MAX_CHARS = 16L * 1024 * 1024;

  /** Rows a category shows on the page; the CSV and JSON hold them all. */
  static final int PAGE_ROWS = 500;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final Map<String, List<Map<String, Object>>> items = new LinkedHashMap<>();
  private final Set<String> dropped = new LinkedHashSet<>();
  private long chars;

  /** Keeps one item of {@code category} for the page and the CSV, while the budget lasts. */
  void add(String category, Map<String, Object> item) {
    if (dropped.contains(category)) {
      return;
    }
    try {
      chars += JSON.writeValueAsString(item).length();
    } catch (JsonProcessingException e) {
      chars = MAX_CHARS + 1;
    }
    if (chars > MAX_CHARS) {
      dropped.add(category);
      items.remove(category);
      return;
    }
    items.computeIfAbsent(category, k -> new ArrayList<>()).add(item);
  }

  /** The CSV file of a category, when its items are rows of plain values. */
  static String csvName(String categoryId) {
    return categoryId.replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
  }

  /** Whether every item is a row: values that are plain, or lists of plain values. */
  boolean tabular(String category) {
    List<Map<String, Object>> list = items.get(category);
    if (list == null || list.isEmpty()) {
      return false;
    }
    for (Map<String, Object> item : list) {
      for (Object v : item.values()) {
        if (v instanceof Map<?, ?>) {
          return false;
        }
        if (v instanceof List<?> l
            && l.stream().anyMatch(e -> e instanceof Map || e instanceof List)) {
          return false;
        }
      }
    }
    return true;
  }

  /** Writes {@code {category}.csv} for every tabular category; returns the files written. */
  Map<String, String> writeCsv(ZipOutputStream zip) throws IOException {
    Map<String, String> written = new LinkedHashMap<>();
    for (String category : items.keySet()) {
      if (!tabular(category)) {
        continue;
      }
      List<String> columns = columns(items.get(category));
      StringBuilder csv = new StringBuilder();
      csvRow(csv, columns);
      for (Map<String, Object> item : items.get(category)) {
        List<String> cells = new ArrayList<>(columns.size());
        for (String c : columns) {
          cells.add(plain(item.get(c)));
        }
        csvRow(csv, cells);
      }
      String name = csvName(category);
      zip.putNextEntry(new ZipEntry(name));
      // A byte-order mark, so that spreadsheet programs read the file as UTF-8.
      zip.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
      zip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      written.put(category, name);
    }
    return written;
  }

  /**
   * One category as the page describes it.
   *
   * @param id the category id
   * @param title its title in the policy
   * @param purposes why it is kept
   * @param legalBasis on which legal basis, or null
   * @param retention for how long, in words, or null
   * @param processors who else receives it: "name (purpose, region)"
   * @param items how many items the export holds
   * @param json its JSON file
   * @param originals files of the category in the ZIP, with their paths
   */
  record Section(
      String id,
      String title,
      List<String> purposes,
      String legalBasis,
      String retention,
      List<String> processors,
      long items,
      String json,
      List<String> originals) {}

  /** Writes {@code index.html}. */
  void writeIndex(
      ZipOutputStream zip,
      String propertyName,
      Instant generatedAt,
      List<Section> sections,
      Map<String, String> csvFiles)
      throws IOException {
    StringBuilder h = new StringBuilder(32_768);
    h.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>Your data held by ")
        .append(esc(propertyName))
        .append("</title>\n<style>\n")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n<header>\n<h1>Your data held by ")
        .append(esc(propertyName))
        .append("</h1>\n<p class=\"lead\">A copy of the personal data ")
        .append(esc(propertyName))
        .append(" holds about you, made on <time datetime=\"")
        .append(generatedAt)
        .append("\">")
        .append(esc(WHEN.format(generatedAt)))
        .append("</time>. Each section is one kind of data: what it is, why it is kept, for how")
        .append(" long, who else receives it, and the items themselves. The same data is in the")
        .append(" <code>.json</code> files beside this page, for programs, and tables also as")
        .append(" <code>.csv</code>, for spreadsheets; <code>manifest.json</code> lists it all.")
        .append("</p>\n");
    if (sections.isEmpty()) {
      h.append("<p>No store of this service holds anything it can find under your identity.</p>\n");
    } else {
      h.append("<nav aria-label=\"Contents\"><ul>\n");
      for (Section s : sections) {
        h.append("<li><a href=\"#")
            .append(esc(anchor(s.id())))
            .append("\">")
            .append(esc(s.title()))
            .append("</a> — ")
            .append(items(s.items()))
            .append("</li>\n");
      }
      h.append("</ul></nav>\n");
    }
    h.append("</header>\n");
    for (Section s : sections) {
      section(h, s, csvFiles.get(s.id()));
    }
    h.append("</main>\n</body>\n</html>\n");
    zip.putNextEntry(new ZipEntry(INDEX));
    zip.write(h.toString().getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  private void section(StringBuilder h, Section s, String csv) {
    h.append("<section id=\"")
        .append(esc(anchor(s.id())))
        .append("\" data-category=\"")
        .append(esc(s.id()))
        .append("\">\n<h2>")
        .append(esc(s.title()))
        .append("</h2>\n<dl class=\"facts\">\n");
    fact(h, "Why it is kept", s.purposes().isEmpty() ? "—" : String.join("; ", s.purposes()));
    if (s.legalBasis() != null) {
      fact(h, "Legal basis", s.legalBasis());
    }
    fact(h, "How long it is kept", s.retention() == null ? "—" : s.retention());
    fact(
        h,
        "Who else receives it",
        s.processors().isEmpty() ? "No one else" : String.join("; ", s.processors()));
    fact(h, "Items", items(s.items()));
    h.append("<dt>Files</dt><dd><a href=\"")
        .append(esc(s.json()))
        .append("\">")
        .append(esc(s.json()))
        .append("</a>");
    if (csv != null) {
      h.append(" · <a href=\"").append(esc(csv)).append("\">").append(esc(csv)).append("</a>");
    }
    h.append("</dd>\n</dl>\n");
    List<Map<String, Object>> list = items.get(s.id());
    if (dropped.contains(s.id())) {
      h.append("<p class=\"note\">Too much to show on this page: the items are in ")
          .append(esc(s.json()))
          .append(".</p>\n");
    } else if (list == null || list.isEmpty()) {
      h.append("<p class=\"note\">Nothing of yours is kept in this category.</p>\n");
    } else if (csv != null) {
      table(h, list);
    } else {
      records(h, list);
    }
    if (!s.originals().isEmpty()) {
      h.append("<h3>Your files</h3>\n<ul>\n");
      for (String path : s.originals()) {
        h.append("<li><a href=\"")
            .append(esc(path))
            .append("\">")
            .append(esc(path.substring(path.lastIndexOf('/') + 1)))
            .append("</a></li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</section>\n");
  }

  private static void table(StringBuilder h, List<Map<String, Object>> list) {
    List<String> columns = columns(list);
    h.append("<div class=\"scroll\"><table>\n<thead><tr>");
    for (String c : columns) {
      h.append("<th scope=\"col\">").append(esc(words(c))).append("</th>");
    }
    h.append("</tr></thead>\n<tbody>\n");
    int n = 0;
    for (Map<String, Object> item : list) {
      if (n++ == PAGE_ROWS) {
        break;
      }
      h.append("<tr>");
      for (String c : columns) {
        h.append("<td>").append(esc(plain(item.get(c)))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</tbody>\n</table></div>\n");
    if (list.size() > PAGE_ROWS) {
      h.append("<p class=\"note\">The first ")
          .append(PAGE_ROWS)
          .append(" of ")
          .append(list.size())
          .append(" rows; the CSV and JSON files hold them all.</p>\n");
    }
  }

  private static void records(StringBuilder h, List<Map<String, Object>> list) {
    int n = 0;
    for (Map<String, Object> item : list) {
      if (n++ == PAGE_ROWS) {
        h.append("<p class=\"note\">The first ")
            .append(PAGE_ROWS)
            .append(" of ")
            .append(list.size())
            .append(" items; the JSON file holds them all.</p>\n");
        break;
      }
      h.append("<dl class=\"item\">\n");
      for (Map.Entry<String, Object> e : item.entrySet()) {
        h.append("<dt>").append(esc(words(e.getKey()))).append("</dt><dd>");
        Object v = e.getValue();
        if (v instanceof Map<?, ?> || v instanceof List<?> l && !l.isEmpty() && !plainList(l)) {
          h.append("<pre>").append(esc(pretty(v))).append("</pre>");
        } else {
          h.append(esc(plain(v)));
        }
        h.append("</dd>\n");
      }
      h.append("</dl>\n");
    }
  }

  private static void fact(StringBuilder h, String label, String value) {
    h.append("<dt>").append(esc(label)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static List<String> columns(List<Map<String, Object>> list) {
    Set<String> columns = new LinkedHashSet<>();
    list.forEach(i -> columns.addAll(i.keySet()));
    return List.copyOf(columns);
  }

  private static boolean plainList(List<?> l) {
    return l.stream().noneMatch(e -> e instanceof Map || e instanceof List);
  }

  /** A value as one cell of text: lists joined with "; ", nothing for null. */
  static String plain(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(e -> parts.add(e instanceof Map || e instanceof List ? pretty(e) : plain(e)));
      return String.join("; ", parts);
    }
    if (v instanceof Map<?, ?>) {
      return pretty(v);
    }
    return v.toString();
  }

  private static String pretty(Object v) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }

  /** A field name for people: {@code received_at} → "Received at". */
  static String words(String key) {
    String spaced =
        key.replaceAll("([a-z0-9])([A-Z])", "$1 $2").replace('_', ' ').replace('-', ' ');
    String lower = spaced.toLowerCase(Locale.ROOT);
    return lower.isEmpty() ? key : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
  }

  private static String items(long n) {
    return n == 1 ? "1 item" : n + " items";
  }

  private static String anchor(String id) {
    return "c-" + id.replaceAll("[^A-Za-z0-9_-]", "-");
  }

  /** RFC 4180, with a leading apostrophe on cells a spreadsheet would run as a formula. */
  private static void csvRow(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String v = cells.get(i);
      if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
        v = "'" + v;
      }
      boolean quote =
          v.indexOf(',') >= 0
              || v.indexOf('"') >= 0
              || v.indexOf('\n') >= 0
              || v.indexOf('\r') >= 0;
      out.append(quote ? '"' + v.replace("\"", "\"\"") + '"' : v);
    }
    out.append("\r\n");
  }

  static String esc(String s) {
    return HtmlUtils.htmlEscape(s, "UTF-8");
  }

  /** The page's own style: it is opened from a disk, so nothing may come from anywhere else. */
  private static final String STYLE =
      """
      :root { color-scheme: light dark; }
      body { margin: 0; font: 1rem/1.6 system-ui, -apple-system, "Segoe UI", sans-serif; }
      main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
      h1 { font-size: 1.8rem; line-height: 1.25; }
      h2 { margin-top: 2.5rem; border-bottom: 1px solid #8884; padding-bottom: .2rem; }
      .lead { font-size: 1.1rem; }
      .facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
      .facts dt { font-weight: 600; }
      .facts dd { margin: 0; }
      .scroll { overflow-x: auto; }
      table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
      th, td { border: 1px solid #8888; padding: .35rem .55rem; text-align: left; vertical-align: top; }
      thead th { background: #8882; }
      .item { border-left: 3px solid #8886; padding: .25rem 0 .25rem .9rem; margin: 1rem 0; }
      .item dt { font-weight: 600; }
      .item dd { margin: 0 0 .4rem; overflow-wrap: anywhere; }
      pre { white-space: pre-wrap; margin: 0; font-size: .88rem; }
      .note { color: #666; font-style: italic; }
      @media (max-width: 40rem) { .facts { grid-template-columns: 1fr; } }
      """;
}
