package dev.pledge.policy;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known word a mistyped one most likely meant, for "did you mean 'retention'?" hints.
 * Uses the optimal-string-alignment distance, so a swapped pair of letters counts as one slip.
 */
final class KeySuggester {

  private KeySuggester() {}

  static Optional<String> closest(String typed, Collection<String> known) {
    String wanted = normalise(typed);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      // camelCase or snake_case spellings of a kebab-case key are the same key written differently.
      if (normalise(candidate).equals(wanted)) {
        return Optional.of(candidate);
      }
      int d = distance(typed.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    int allowed = Math.max(1, typed.length() / 3);
    return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
  }

  /** A sentence ending: "; did you mean 'x'?" or, without a near match, the known words. */
  static String hint(String typed, Collection<String> known, String knownLabel) {
    return closest(typed, known)
        .map(k -> "; did you mean '" + k + "'?")
        .orElseGet(
            () -> known.isEmpty() ? "" : "; " + knownLabel + ": " + String.join(", ", known));
  }

  private static String normalise(String word) {
    return word.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(" ", "");
  }

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
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
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
