package dev.pledge.server.support;

import dev.pledge.server.accounts.FormProblems;

/**
 * What support forms accept: a subject on one line, a message of any lines, each within its limit
 * and never empty. Problems are message keys with the limit as argument, shown next to the field.
 */
final class SupportInputs {

  private SupportInputs() {}

  /** Trimmed text with line breaks made {@code \n}; "" for null. */
  static String text(String s) {
    return s == null ? "" : s.replace("\r\n", "\n").replace('\r', '\n').strip();
  }

  static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** Control characters but line breaks and tabs: they forge log lines and mail headers. */
  static boolean hasControl(String s, boolean linesAllowed) {
    return s.codePoints()
        .anyMatch(
            c ->
                (Character.isISOControl(c) && !(linesAllowed && (c == '\n' || c == '\t')))
                    || c == 0x2028
                    || c == 0x2029);
  }

  static void checkSubject(String subject, int max, FormProblems problems) {
    if (subject.isEmpty()) {
      problems.add("subject", "support.subject.missing");
    } else if (length(subject) > max) {
      problems.add("subject", "support.subject.long", max, length(subject));
    } else if (hasControl(subject, false)) {
      problems.add("subject", "support.subject.control");
    }
  }

  static void checkMessage(String field, String message, int max, FormProblems problems) {
    if (message.isEmpty()) {
      problems.add(field, "support.message.missing");
    } else if (length(message) > max) {
      problems.add(field, "support.message.long", max, length(message));
    } else if (hasControl(message, true)) {
      problems.add(field, "support.message.control");
    }
  }
}
