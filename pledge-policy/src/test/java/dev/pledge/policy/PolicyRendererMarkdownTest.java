package dev.pledge.policy;

import static dev.pledge.policy.TestPolicies.draft;
import static dev.pledge.policy.TestPolicies.imageStudio;
import static dev.pledge.policy.TestPolicies.referenceSite;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PolicyRendererMarkdownTest {

  private static String markdown(Policy p) {
    return PolicyRenderer.render(p, PolicyRenderer.Format.MARKDOWN);
  }

  @Test
  @Tag("A-23")
  @DisplayName("A-23 the data-category table is a GitHub-flavoured Markdown table")
  void categoryTable() {
    assertThat(markdown(referenceSite()))
        .contains(
            """
            *Data categories collected by qwen.co.com, collection status, purpose, and retention period*

            | Data category | Collected | Purpose | Retention |
            | --- | --- | --- | --- |
            | Page view analytics (anonymised) | Yes | Editorial decisions, performance monitoring | Aggregated indefinitely; raw data 90 days |
            | Server access logs (truncated IP) | Yes | Debugging, abuse monitoring, uptime | Up to 90 days, then deleted |
            | Email correspondence | Only if you contact us | Responding to editorial or privacy enquiries | Duration of exchange plus up to 12 months |
            | Account credentials or passwords | No — no account system exists | N/A | N/A |
            | Personal health or financial data | No | N/A | N/A |
            """);
  }

  @Test
  @Tag("A-20")
  @DisplayName("A-20 the material-change notice and the dates come first")
  void noticeAndDatesAtTheTop() {
    TestPolicies.Draft d = draft(referenceSite());
    d.changes.add(new PolicyChange(LocalDate.of(2026, 5, 1), true, "Logs are now kept 60 days."));
    String md = markdown(d.build());

    assertThat(md)
        .startsWith(
            """
            # Privacy policy — qwen.co.com

            > **Material change effective 1 May 2026: Logs are now kept 60 days.**

            Effective 1 April 2026 · Last reviewed 15 April 2026
            """);
    assertThat(markdown(referenceSite())).doesNotContain("Material change effective");
  }

  @Test
  @DisplayName("<script>, & and | are escaped so they stay text and do not break the table")
  void escaping() {
    String hostile = "<script>alert(1)</script> & a | b";
    TestPolicies.Draft d = draft(referenceSite());
    d.summary = hostile;
    d.category("user.contact.email", c -> TestPolicies.withTitle(c, hostile));
    String md = markdown(d.build());

    assertThat(md).doesNotContain("<script>").doesNotContain(" & ");
    assertThat(md).contains("\\<script\\>alert(1)\\</script\\> \\& a \\| b");
    String row = md.lines().filter(l -> l.startsWith("| \\<script")).findFirst().orElseThrow();
    // Four cells: five unescaped pipes.
    assertThat(row.replace("\\|", "").chars().filter(ch -> ch == '|').count()).isEqualTo(5);
  }

  @Test
  @DisplayName("text that looks like Markdown syntax at the start of a line stays text")
  void blockSyntaxIsEscaped() {
    assertThat(Markdown.lineStart(Markdown.text("1. Not a list"))).isEqualTo("1\\. Not a list");
    assertThat(Markdown.lineStart(Markdown.text("- not a bullet"))).isEqualTo("\\- not a bullet");
    assertThat(Markdown.lineStart(Markdown.text("# not a heading"))).isEqualTo("\\# not a heading");
    assertThat(Markdown.text("+1 555 0100")).isEqualTo("+1 555 0100");
    assertThat(Markdown.text("line\nbreak")).isEqualTo("line break");
    assertThat(Markdown.text("[x](javascript:y)")).isEqualTo("\\[x\\](javascript:y)");
  }

  @Test
  @DisplayName("Markdown has the same sections, in the same order, as the HTML page")
  void sameSectionsAsHtml() {
    for (Policy p : List.of(referenceSite(), imageStudio())) {
      List<String> htmlHeadings = new ArrayList<>();
      Matcher h =
          Pattern.compile("<h([23]) id=\"[^\"]+\">(.*?)</h\\1>")
              .matcher(PolicyRenderer.htmlDocument(p));
      while (h.find()) {
        htmlHeadings.add(
            "#".repeat(Integer.parseInt(h.group(1))) + " " + TestPolicies.text(h.group(2)));
      }
      List<String> mdHeadings =
          markdown(p)
              .lines()
              .filter(l -> l.matches("#{2,3} .*"))
              .map(l -> l.replace("\\", ""))
              .toList();

      assertThat(mdHeadings).isEqualTo(htmlHeadings);
    }
  }

  @Test
  @Tag("A-21")
  @DisplayName("A-21 rights, channels and links render as Markdown")
  void rightsAndLinks() {
    assertThat(markdown(referenceSite()))
        .contains(
            "- **Deletion by e-mail**: e-mail"
                + " [editor@qwen.co.com](mailto:editor@qwen.co.com?subject=Privacy%20deletion%20request)"
                + " with the subject line “Privacy deletion request”, which starts a deletion"
                + " request at once")
        .contains("- **Who has this right:** People protected by General Data Protection");
    assertThat(markdown(imageStudio()))
        .contains("[/account/privacy](/account/privacy)")
        .contains(
            "| Stripe | payments | Card payments | Payment records | United States | Standard contractual clauses |");
  }

  @Test
  void endsWithOneNewline() {
    assertThat(markdown(imageStudio())).endsWith("\n").doesNotEndWith("\n\n");
  }
}
