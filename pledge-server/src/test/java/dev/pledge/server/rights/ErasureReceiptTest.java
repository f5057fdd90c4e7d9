package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import dev.pledge.server.retention.RetentionEngine.ErasureLine.Unsearched;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The erasure receipt's words (issue 12): one wording per outcome, the policy's titles, and never a
 * sentence that says both "nothing is left" and "kept" about the same place.
 */
class ErasureReceiptTest {

  static ErasureLine searched(String title, long erased, long held, String why, long remaining) {
    return new ErasureLine("c.id", "store", erased, held, why, remaining, title, null, null);
  }

  static ErasureLine unsearched(String title, String words, Unsearched why) {
    return new ErasureLine("c.id", "store", 0, 0, null, 0, title, words, why);
  }

  @Test
  @DisplayName(
      "B-27 A-16 the receipt says for each outcome, in the policy's words: erased N, nothing found,"
          + " kept under legal hold, kept as the request's record, anonymised at collection, by"
          + " hand at a processor")
  void everyOutcome() {
    List<ErasureLine> lines =
        List.of(
            searched("Messages in our mailbox (Email correspondence)", 3, 0, null, 0),
            searched("Account data", 1, 0, null, 0),
            searched("Editing history", 0, 0, null, 0),
            searched("Payment records", 0, 2, "Tax law requires payment records for 7 years.", 0),
            unsearched(
                "Records of your privacy requests (Email correspondence)",
                "kept as the record of your request and of this erasure; deleted when its"
                    + " retention ends (duration of exchange plus up to 12 months)",
                Unsearched.KEPT_AS_RECORD),
            unsearched(
                "Page view analytics (anonymised)",
                "holds nothing that identifies anyone (anonymised when collected); nothing to"
                    + " erase",
                Unsearched.ANONYMISED));
    List<ErasureReceipt.ByHand> processors =
        List.of(
            new ErasureReceipt.ByHand("Example Payments Ltd. (payments)", null),
            new ErasureReceipt.ByHand(
                "Example Cloud (hosting)", Instant.parse("2026-11-23T10:00:00Z")));

    String text = ErasureReceipt.forRequester(lines, processors, ZoneOffset.UTC);

    assertThat(text.lines())
        .containsExactly(
            "- Messages in our mailbox (Email correspondence): 3 items erased; nothing of yours"
                + " is left there.",
            "- Account data: 1 item erased; nothing of yours is left there.",
            "- Editing history: nothing of yours was found there.",
            "- Payment records: 2 items kept under a legal hold (Tax law requires payment records"
                + " for 7 years.), no longer linked to you; deleted when the hold ends.",
            "- Records of your privacy requests (Email correspondence): kept as the record of your"
                + " request and of this erasure; deleted when its retention ends (duration of"
                + " exchange plus up to 12 months).",
            "- Page view analytics (anonymised): holds nothing that identifies anyone (anonymised"
                + " when collected); nothing to erase.",
            "- At Example Payments Ltd. (payments): to be erased by hand at our request; we will"
                + " write again when it is done.",
            "- At Example Cloud (hosting): erased by hand at our request, confirmed on 23 November"
                + " 2026.");
    assertThat(text)
        .doesNotContain("item(s)")
        .doesNotContain("1 items")
        .doesNotContain("c.id")
        .doesNotContain("nothing linked to you remains");
  }

  @Test
  @DisplayName("a store that still links items, and one whose held items cannot be unlinked")
  void stillLinked() {
    assertThat(ErasureReceipt.outcome(searched("Tickets", 1, 0, null, 2)))
        .isEqualTo("2 items still linked to you (1 erased); we are erasing them");
    assertThat(ErasureReceipt.outcome(searched("Mail", 0, 1, "A court order", 1)))
        .isEqualTo(
            "1 item kept under a legal hold (A court order), still linked to you; deleted when the"
                + " hold ends");
    assertThat(ErasureReceipt.complete(List.of(searched("Tickets", 1, 0, null, 2)))).isFalse();
  }

  @Test
  @DisplayName("a receipt recorded before the reason was kept is read from its words")
  void olderReceipts() {
    assertThat(
            new ErasureLine(
                    "c", "s", 0, 0, null, 0, "T", "kept as the record of your request, until…")
                .outcome())
        .isEqualTo(ErasureLine.Outcome.KEPT_AS_RECORD);
    assertThat(
            new ErasureLine(
                    "c",
                    "s",
                    0,
                    0,
                    null,
                    0,
                    "T",
                    "holds nothing that identifies a person (anonymised at collection)")
                .outcome())
        .isEqualTo(ErasureLine.Outcome.ANONYMISED);
  }
}
