package dev.pledge.server.support;

import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.shared.IdentifierScrubber;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A feedback comment with what identifies its author taken out, before it is used for model
 * improvement (B-05): e-mail addresses, phone numbers, long numbers and tokens (the engine's {@link
 * IdentifierScrubber}), links, {@code @handles}, the author's own name, username and address, and
 * names introduced the usual ways ("my name is …", "I'm …", a sign-off, "我叫…"). What a scrubber
 * cannot know — a teammate's name written plainly — is why the copy also drops the account, what
 * was rated and the time of day, and why a person can object (B-40).
 */
final class FeedbackAnonymiser {

  private static final Pattern URL =
      Pattern.compile(
          "(?i)\\b(?:https?://|www\\.)[^\\s<>\"]+|\\b[a-z0-9-]+\\.(?:com|net|org|io|cn|app|dev)(?:/[^\\s<>\"]*)?\\b");
  private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}])@[\\p{L}\\p{N}_.]{2,}");

  /** A name introduced in English: the capitalised words after the phrase. */
  private static final Pattern INTRODUCED =
      Pattern.compile(
          "(?i:\\b(my name is|i am|i'm|i’m|this is|call me|regards,?|thanks,?|thank you,?|cheers,?|best,?|sincerely,?|from)\\s+)"
              + "(\\p{Lu}[\\p{L}'’-]+(?:\\s+\\p{Lu}[\\p{L}'’-]+){0,2})");

  /** A name introduced in Chinese: up to four Han characters after the phrase. */
  private static final Pattern INTRODUCED_ZH =
      Pattern.compile("(我叫|我是|我的名字是|本人)\\s*([\\p{IsHan}]{2,4})");

  /** Introduced words that are not names ("I am Happy" is rare; "I am Chinese" is not a name). */
  private static final List<String> NOT_NAMES =
      List.of("i", "the", "a", "an", "very", "so", "really", "not", "happy", "sad", "new", "using");

  private FeedbackAnonymiser() {}

  /** The comment without identifiers; {@code null} for none, or when nothing is left. */
  static String scrub(String comment, StudioAccount author) {
    if (comment == null || comment.isBlank()) {
      return null;
    }
    String s = IdentifierScrubber.text(comment);
    s = URL.matcher(s).replaceAll(":url");
    s = HANDLE.matcher(s).replaceAll(":name");
    if (author != null) {
      for (String known : knownNames(author)) {
        s =
            Pattern.compile(
                    "(?<![\\p{L}\\p{N}])" + Pattern.quote(known) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                .matcher(s)
                .replaceAll(":name");
      }
    }
    Matcher m = INTRODUCED.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      boolean notName = NOT_NAMES.contains(name.split("\\s+")[0].toLowerCase(Locale.ROOT));
      m.appendReplacement(
          out, Matcher.quoteReplacement(notName ? m.group() : m.group(1) + " :name"));
    }
    m.appendTail(out);
    s = INTRODUCED_ZH.matcher(out.toString()).replaceAll("$1:name");
    s = s.strip();
    return s.isEmpty() ? null : s;
  }

  /** The author's name and its parts, username and address's local part, longest first. */
  private static List<String> knownNames(StudioAccount a) {
    List<String> names = new ArrayList<>();
    add(names, a.name());
    if (a.name() != null) {
      for (String part : a.name().split("[\\s·・.-]+")) {
        add(names, part);
      }
    }
    add(names, a.username());
    if (a.email() != null && a.email().indexOf('@') > 0) {
      add(names, a.email().substring(0, a.email().indexOf('@')));
    }
    names.sort(Comparator.comparingInt(String::length).reversed());
    return names;
  }

  private static void add(List<String> names, String name) {
    // One-letter parts (an initial) would wipe every such letter from the text.
    if (name != null && name.strip().codePointCount(0, name.strip().length()) >= 2) {
      names.add(name.strip());
    }
  }
}
