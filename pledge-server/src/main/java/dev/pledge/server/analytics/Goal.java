package dev.pledge.server.analytics;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A goal the operator set: a custom event the policy declares, or the pages whose path matches a
 * pattern ({@code *} stands for one path segment or part of one, {@code **} for anything).
 *
 * @param kind event or page
 * @param target the event name, or the page pattern
 */
public record Goal(Kind kind, String target) {

  public enum Kind {
    EVENT,
    PAGE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Goal {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(target);
  }

  public static Goal event(String name) {
    return new Goal(Kind.EVENT, name);
  }

  public static Goal page(String pattern) {
    return new Goal(Kind.PAGE, pattern);
  }

  /** How the goal reads: the event's name, or "Visit /formats/**". */
  public String label() {
    return kind == Kind.EVENT ? target : "Visit " + target;
  }

  /**
   * The goal in one string, as the dashboard's URL carries it: {@code event:Name}, {@code page:/x}.
   */
  public String key() {
    return kind.key() + ":" + target;
  }

  /** The goal a {@link #key()} names, or null when it names none. */
  public static Goal ofKey(String key) {
    if (key == null) {
      return null;
    }
    if (key.startsWith("event:") && key.length() > 6) {
      return event(key.substring(6));
    }
    if (key.startsWith("page:") && key.length() > 5) {
      return page(key.substring(5));
    }
    return null;
  }

  /**
   * The page pattern as a PostgreSQL regular expression matching whole paths: {@code **} any
   * characters, {@code *} any characters but a slash, everything else literally.
   */
  static String regexOf(String pattern) {
    StringBuilder re = new StringBuilder("^");
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else if ("\\.[]{}()<>+-?^$|#&~=!,:'\"".indexOf(c) >= 0) {
        re.append('\\').append(c);
      } else {
        re.append(c);
      }
    }
    return re.append('$').toString();
  }

  /** The same regular expression for Java, to match paths here as the database does. */
  static Pattern javaPattern(String pattern) {
    return Pattern.compile(regexOf(pattern));
  }
}
