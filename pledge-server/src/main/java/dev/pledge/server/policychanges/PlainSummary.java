package dev.pledge.server.policychanges;

import dev.pledge.policy.PolicyDiff;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain-language summary of a change, generated from {@code policy diff}: each material change
 * in the diff's own plain words, one a line, then how many smaller changes (wording, shorter
 * retention, new dates) came with them.
 */
final class PlainSummary {

  private PlainSummary() {}

  static String of(PolicyDiff diff) {
    List<String> lines = new ArrayList<>();
    for (PolicyDiff.Change c : diff.material()) {
      lines.add(sentence(c.description()));
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

  private static String sentence(String description) {
    String s = description.strip();
    if (s.isEmpty()) {
      return s;
    }
    s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return s.endsWith(".") ? s : s + ".";
  }
}
