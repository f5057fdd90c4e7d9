package dev.pledge.server.rights;

import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import dev.pledge.server.shared.HumanFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An erasure receipt in words (B-27): per place that holds the property's data — named by the
 * policy's title for its category, never an id — what became of the person's data there, in one
 * wording per outcome: erased, nothing found, kept under a legal hold, kept as the record of the
 * request, anonymised when collected, erased by hand (a store that cannot be searched, or a
 * processor), still linked. Counts and the policy's words only: no personal data.
 */
public final class ErasureReceipt {

  private ErasureReceipt() {}

  /**
   * A place outside Pledge where the person's data is erased by hand: a processor of the policy.
   *
   * @param where the processor in words, e.g. "Example Payments Ltd. (payments)"
   * @param doneAt when an operator recorded it done, or {@code null} while it is still to do
   */
  public record ByHand(String where, Instant doneAt) {}

  /** Whether every store answered "nothing linked to the person" when asked again. */
  public static boolean complete(List<ErasureLine> lines) {
    return lines.stream().allMatch(l -> l.remaining() == 0);
  }

  /** What became of the person's data in one store: the receipt's one wording per outcome. */
  public static String outcome(ErasureLine l) {
    return switch (l.outcome()) {
      case ERASED ->
          HumanFormat.plural(l.erased(), "item") + " erased; nothing of yours is left there";
      case NOTHING_FOUND -> "nothing of yours was found there";
      case HELD ->
          (l.erased() > 0 ? HumanFormat.plural(l.erased(), "item") + " erased; " : "")
              + HumanFormat.plural(l.held(), "item")
              + " kept under a legal hold"
              + (l.holdReason() == null ? "" : " (" + l.holdReason().strip() + ")")
              + (l.remaining() > 0 ? ", still linked to you" : ", no longer linked to you")
              + "; deleted when the hold ends";
      case STILL_LINKED ->
          HumanFormat.plural(l.remaining(), "item")
              + " still linked to you"
              + (l.erased() > 0 ? " (" + HumanFormat.count(l.erased()) + " erased)" : "")
              + "; we are erasing them";
      case KEPT_AS_RECORD, ANONYMISED, BY_HAND -> l.nothingToErase();
    };
  }

  /** A processor's part: erased by hand there, or still to be. */
  static String outcome(ByHand step, ZoneId zone) {
    return step.doneAt() == null
        ? "to be erased by hand at our request; we will write again when it is done"
        : "erased by hand at our request, confirmed on " + HumanFormat.dayLong(step.doneAt(), zone);
  }

  /** The receipt as one history note, readable without the console. */
  public static String forHistory(List<ErasureLine> lines) {
    if (lines.isEmpty()) {
      return "erasure receipt: no store of this property holds data";
    }
    return "erasure receipt: "
        + lines.stream()
            .map(l -> l.title() + " [" + l.store() + "]: " + outcome(l))
            .collect(Collectors.joining("; "));
  }

  /** The receipt for the requester's e-mail: one line per store, then one per processor. */
  static String forRequester(List<ErasureLine> lines, List<ByHand> byHand, ZoneId zone) {
    if (lines.isEmpty() && byHand.isEmpty()) {
      return "- We hold no data in any store.\n";
    }
    StringBuilder t = new StringBuilder();
    for (ErasureLine l : lines) {
      t.append("- ").append(l.title()).append(": ").append(outcome(l)).append(".\n");
    }
    for (ByHand step : byHand) {
      t.append("- At ").append(step.where()).append(": ").append(outcome(step, zone)).append(".\n");
    }
    return t.toString();
  }
}
