package dev.pledge.server.policychanges;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDiff;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-language summary of a change, generated from {@code policy diff}: each material change
 * in the diff's own plain words, one a line, then how many smaller changes (wording, shorter
 * retention, new dates) came with them. A change inside a data category says which category: the
 * diff's words for it ("longer: 12 months → 24 months") mean nothing to a reader without it.
 */
final class PlainSummary {

  /** {@code categories[user.account.identity].retention}: the category's id, then what changed. */
  private static final Pattern IN_CATEGORY = Pattern.compile("^categories\\[([^\\]]+)\\]\\.(.+)$");

  private PlainSummary() {}

  static String of(PolicyDiff diff, Policy older, Policy newer) {
    List<String> lines = new ArrayList<>();
    for (PolicyDiff.Change c : diff.material()) {
      lines.add(sentence(describe(c, older, newer)));
    }
    int minor = diff.changes().size() - diff.material().size();
    if (minor > 0) {
      lines.add(
          minor == 1
              ? "One smaller change that does not affect what you agreed to (wording, dates or"
                  + " shorter retention)."
              : minor
                  + " smaller changes that do not affect what you agreed to (wording, dates or"
                  + " shorter retention).");
    }
    return String.join("\n", lines);
  }

  /** The diff's words, with the data category named when the change is inside one. */
  static String describe(PolicyDiff.Change c, Policy older, Policy newer) {
    Matcher m = IN_CATEGORY.matcher(c.path());
    if (!m.matches()) {
      return c.description();
    }
    String id = m.group(1);
    String title =
        newer.category(id).or(() -> older.category(id)).map(DataCategory::title).orElse(id);
    if (m.group(2).startsWith("retention")) {
      return "how long we keep " + title + ": " + c.description();
    }
    return title + ": " + c.description();
  }

  private static String sentence(String description) {
    String s = description.strip();
    if (s.isEmpty()) {
      return s;
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
