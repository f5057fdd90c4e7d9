package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.accounts.AccountStatus;
import dev.pledge.server.accounts.StudioAccount;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What an e-mailed reply adds to a thread, and what the training copy keeps of a comment. */
class SupportTextTest {

  static final StudioAccount AUTHOR =
      new StudioAccount(
          "3f2a1c9e-0000-4000-8000-000000000001",
          "jwang88",
          "jing.wang@example.cn",
          "Jing Wang",
          "SG",
          "pdpa",
          "apac",
          LocalDate.of(1990, 1, 1),
          AccountStatus.ACTIVE,
          Instant.EPOCH,
          Instant.EPOCH,
          null);

  @Test
  @DisplayName("an e-mailed reply keeps what was written above the quote, nothing below it")
  void replyText() {
    assertThat(
            ReplyText.of(
                "Thanks!\r\nIt works.\r\n\r\nOn Tue, 3 Jun 2025 at 10:00, Image Studio"
                    + " <support@studio.example.com> wrote:\r\n> "
                    + SupportMail.REPLY_ABOVE
                    + "\r\n> Hello Jing"))
        .isEqualTo("Thanks!\nIt works.");
    assertThat(ReplyText.of("好的，谢谢\n\n在 2025年6月3日 周二 10:00，Image Studio 写道：\n> 旧内容"))
        .isEqualTo("好的，谢谢");
    assertThat(ReplyText.of("Top\n" + SupportMail.REPLY_ABOVE + "\nHello Jing")).isEqualTo("Top");
    assertThat(ReplyText.of("> only a quote\n>> deeper")).isEmpty();
    assertThat(ReplyText.of("Answer\n-- \nJing Wang\nCEO")).isEqualTo("Answer");
    assertThat(ReplyText.fromHtml("<p>Yes &amp; no</p><blockquote>old</blockquote>"))
        .contains("Yes & no");
  }

  @Test
  @DisplayName(
      "B-05 a training copy of a comment keeps its words but no address, number, link, handle or"
          + " name that can be detected")
  void anonymisedComment() {
    String scrubbed =
        FeedbackAnonymiser.scrub(
            "Great text editing! I'm Jing Wang (@jwang88), write to jing.wang@example.cn or"
                + " +65 6123 4567, see www.jing-art.example.com/gallery or https://x.example.org/a?b=1."
                + " Thanks, Li Na. 我叫王静，谢谢！ jwang88 again. Rotation works.",
            AUTHOR);
    assertThat(scrubbed)
        .startsWith("Great text editing!")
        .contains("Rotation works.")
        .doesNotContain("Jing")
        .doesNotContain("Wang")
        .doesNotContain("jwang88")
        .doesNotContain("@")
        .doesNotContain("6123")
        .doesNotContain("example")
        .doesNotContain("Li Na")
        .doesNotContain("王静");
    assertThat(FeedbackAnonymiser.scrub("I am happy with it", AUTHOR))
        .as("words after 'I am' that are no name stay")
        .isEqualTo("I am happy with it");
    assertThat(FeedbackAnonymiser.scrub("   ", AUTHOR)).isNull();
    assertThat(FeedbackAnonymiser.scrub("jing.wang@example.cn", AUTHOR)).isEqualTo(":email");
  }
}
