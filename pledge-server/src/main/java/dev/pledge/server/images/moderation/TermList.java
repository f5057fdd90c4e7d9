package dev.pledge.server.images.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A list of refused terms and the matching rule: text and terms are compared after Unicode NFKC
 * normalisation (full-width ＡＢＣ and half-width ｶﾅ become their usual forms) and lower-casing. A
 * term with a Chinese, Japanese or Korean character matches anywhere, with any spaces or
 * punctuation between its characters ignored — those scripts do not separate words, so word
 * boundaries cannot be asked for, and "炸 弹" must not slip past "炸弹". A term in other scripts
 * matches whole words only, in order (so "bomb" refuses "a bomb!" but not "bombastic") — except in
 * text read from images ({@link #firstMatchAnywhere}).
 */
final class TermList {

  private final List<Term> terms;

  private TermList(List<Term> terms) {
    this.terms = List.copyOf(terms);
  }

  /**
   * From the lines of a terms file: one term a line; blank lines and lines starting with {@code #}
   * are skipped.
   */
  static TermList parse(List<String> lines) {
    List<Term> terms = new ArrayList<>();
    int number = 0;
    for (String line : lines) {
      number++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String normal = normalise(t);
      if (cjk(normal)) {
        String squeezed = squeeze(normal);
        if (!squeezed.isEmpty()) {
          terms.add(new Term(number, squeezed, null, squeezed));
        }
      } else {
        List<String> words = words(normal);
        if (!words.isEmpty()) {
          terms.add(new Term(number, null, words, String.join("", words)));
        }
      }
    }
    return new TermList(terms);
  }

  int size() {
    return terms.size();
  }

  /** The line number (in the terms file) of the first term the text contains, if any. */
  Optional<Integer> firstMatch(String text) {
    if (text == null || text.isBlank() || terms.isEmpty()) {
      return Optional.empty();
    }
    String normal = normalise(text);
    String squeezed = squeeze(normal);
    List<String> words = words(normal);
    for (Term term : terms) {
      if (term.squeezed() != null
          ? squeezed.contains(term.squeezed())
          : containsRun(words, term.words())) {
        return Optional.of(term.line());
      }
    }
    return Optional.empty();
  }

  /**
   * Like {@link #firstMatch}, but every term matches anywhere, spaces and punctuation ignored: for
   * text read from an image, where the recogniser often drops the spaces between words ("NO BOMB
   * HERE" reads "NOBOMBHERE"), so whole words cannot be told apart. Stricter, on purpose: a result
   * is refused rather than a term missed.
   */
  Optional<Integer> firstMatchAnywhere(String text) {
    if (text == null || text.isBlank() || terms.isEmpty()) {
      return Optional.empty();
    }
    String squeezed = squeeze(normalise(text));
    return terms.stream().filter(t -> squeezed.contains(t.anywhere())).map(Term::line).findFirst();
  }

  static String normalise(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
  }

  /** Letters and digits only: what is left once spaces and punctuation are dropped. */
  private static String squeeze(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
    return b.toString();
  }

  private static List<String> words(String s) {
    return Arrays.stream(s.split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
  }

  private static boolean containsRun(List<String> words, List<String> run) {
    outer:
    for (int i = 0; i + run.size() <= words.size(); i++) {
      for (int j = 0; j < run.size(); j++) {
        if (!words.get(i + j).equals(run.get(j))) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static boolean cjk(String s) {
    return s.codePoints()
        .anyMatch(
            c -> {
              Character.UnicodeScript script = Character.UnicodeScript.of(c);
              return script == Character.UnicodeScript.HAN
                  || script == Character.UnicodeScript.HIRAGANA
                  || script == Character.UnicodeScript.KATAKANA
                  || script == Character.UnicodeScript.HANGUL;
            });
  }

  /** A term: squeezed (CJK, matched anywhere) or a run of words (matched as whole words). */
  private record Term(int line, String squeezed, List<String> words, String anywhere) {}
}
