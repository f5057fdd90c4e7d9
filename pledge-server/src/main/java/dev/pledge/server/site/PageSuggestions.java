package dev.pledge.server.site;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The pages closest to an address that does not exist, for the "not found" page: a mistyped name
 * ({@code /formats/pgn}), an old location ({@code /webp} for {@code /formats/webp}), or a
 * source-file spelling ({@code /formats/png.htm}).
 */
final class PageSuggestions {

  /** Below this similarity a page is not a plausible guess and would only add noise. */
  private static final double THRESHOLD = 0.5;

  private PageSuggestions() {}

  static List<ContentPage> closest(String requestedPath, List<ContentPage> pages, int limit) {
    String wanted = normalise(requestedPath);
    if (wanted.isEmpty()) {
      return List.of();
    }
    record Scored(ContentPage page, double score) {}
    return pages.stream()
        .filter(p -> !p.navHidden() && !p.isHome())
        .map(p -> new Scored(p, score(wanted, p)))
        .filter(s -> s.score() >= THRESHOLD)
        .sorted(
            Comparator.comparingDouble(Scored::score).reversed().thenComparing(s -> s.page().url()))
        .limit(limit)
        .map(Scored::page)
        .toList();
  }

  /**
   * How well a page matches: its name against the wanted name (typos, moves to another folder), its
   * title against the wanted words, and a small bonus when both sit in the same folder.
   */
  private static double score(String wanted, ContentPage page) {
    String url = page.url().toLowerCase(Locale.ROOT);
    String wantedName = lastSegment(wanted);
    String name = lastSegment(url);
    double byName = similarity(wantedName, name);
    double byTitle =
        similarity(wantedName.replace('-', ' '), page.title().toLowerCase(Locale.ROOT));
    double byWord = 0;
    for (String word : wantedName.split("[-_. ]+")) {
      if (word.length() >= 3 && (word.equals(name) || List.of(name.split("-")).contains(word))) {
        byWord = 0.7;
      }
    }
    double best = Math.max(byName, Math.max(byTitle, byWord));
    if (best < THRESHOLD) {
      return 0;
    }
    return best + (folderOf(wanted).equals(folderOf(url)) ? 0.1 : 0);
  }

  private static String folderOf(String path) {
    return path.substring(0, path.lastIndexOf('/') + 1);
  }

  /** Lower case, no extension, no trailing slash, at most 200 characters. */
  private static String normalise(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    if (p.length() > 200) {
      p = p.substring(0, 200);
    }
    while (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    int dot = p.lastIndexOf('.');
    if (dot > p.lastIndexOf('/')) {
      p = p.substring(0, dot);
    }
    if (p.endsWith("/index")) {
      p = p.substring(0, p.length() - "/index".length());
    }
    return p.equals("/") ? "" : p;
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * 1 for equal strings, 0 for nothing in common: the edit distance (a swap of two neighbouring
   * letters counting as one typo) over the longer length.
   */
  static double similarity(String a, String b) {
    int longer = Math.max(a.length(), b.length());
    return longer == 0 ? 1 : 1.0 - (double) distance(a, b) / longer;
  }

  /** Optimal-string-alignment distance: insertions, deletions, substitutions, transpositions. */
  private static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
