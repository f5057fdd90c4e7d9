package dev.pledge.server.rights;

import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An erasure receipt in words (B-27): per store the kind of data, what was erased, what a legal
 * hold keeps and why, and what is still linked when asked again; stores that cannot look a person
 * up say why there was nothing to erase. Counts and the policy's words only: no personal data.
 */
public final class ErasureReceipt {

  private ErasureReceipt() {}

  /** Whether every store answered "nothing linked to the person" when asked again. */
  public static boolean complete(List<ErasureLine> lines) {
    return lines.stream().allMatch(l -> l.remaining() == 0);
  }

  /** The receipt as one history note, readable without the console. */
  public static String forHistory(List<ErasureLine> lines) {
    if (lines.isEmpty()) {
      return "erasure receipt: no store of this property holds data";
    }
    return "erasure receipt: "
        + lines.stream()
            .map(
                l ->
                    l.searched()
                        ? l.category()
                            + " in "
                            + l.store()
                            + ": "
                            + l.erased()
                            + " erased, "
                            + l.held()
                            + " held"
                            + (l.holdReason() == null ? "" : " (" + l.holdReason() + ")")
                            + ", "
                            + l.remaining()
                            + " remaining"
                        : l.category() + " in " + l.store() + ": " + l.nothingToErase())
            .collect(Collectors.joining("; "));
  }

  /** The receipt for the requester's e-mail: one line per store, the policy's titles. */
  static String forRequester(List<ErasureLine> lines) {
    if (lines.isEmpty()) {
      return "- We hold no data in any store.\n";
    }
    StringBuilder t = new StringBuilder();
    for (ErasureLine l : lines) {
      t.append("- ").append(l.title()).append(": ");
      if (!l.searched()) {
        t.append(l.nothingToErase()).append(".\n");
        continue;
      }
      t.append(items(l.erased())).append(" erased");
      if (l.held() > 0) {
        t.append("; ")
            .append(items(l.held()))
            .append(" kept under a legal hold, no longer linked to you")
            .append(l.holdReason() == null ? "" : " (" + l.holdReason().strip() + ")");
      }
      t.append(
          l.remaining() == 0
              ? "; nothing linked to you remains.\n"
              : "; " + items(l.remaining()) + " still linked to you, which we are erasing.\n");
    }
    return t.toString();
  }

  private static String items(long n) {
    return n == 1 ? "1 item" : n + " items";
  }
}
