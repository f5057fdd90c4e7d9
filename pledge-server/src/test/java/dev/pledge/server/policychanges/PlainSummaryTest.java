package dev.pledge.server.policychanges;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.LoadResult;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDiff;
import dev.pledge.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The plain-language summary of a policy change names what it is about (B-37). */
class PlainSummaryTest {

  static final Path POLICY = Path.of("../policies/reference-site.yaml");
  static final String CORRESPONDENCE_12M =
      "    retention:\n      period: P12M\n      anchor: last-message\n";

  private static Policy policy(String yaml) {
    LoadResult loaded = PolicyLoader.parse(yaml, "reference-site.yaml");
    assertThat(loaded.ok()).as("%s", loaded.problems()).isTrue();
    return loaded.policy();
  }

  @Test
  @DisplayName(
      "B-37 a longer retention in the summary names its data category; the diff's words alone"
          + " ('longer: 12 months → 24 months') do not")
  void retentionChangeNamesTheCategory() throws Exception {
    String yaml = Files.readString(POLICY);
    assertThat(yaml).contains(CORRESPONDENCE_12M);
    Policy older = policy(yaml);
    Policy newer =
        policy(
            yaml.replace(
                CORRESPONDENCE_12M,
                "    retention:\n      period: P24M\n      anchor: last-message\n"));
    PolicyDiff diff = PolicyDiff.compare(older, newer);
    assertThat(diff.material()).hasSize(1);
    assertThat(diff.material().get(0).description()).doesNotContain("Email correspondence");

    String summary = PlainSummary.of(diff, older, newer);

    assertThat(summary).startsWith("How long we keep Email correspondence: longer: ");
    assertThat(summary).contains("12 months").contains("24 months");
  }

  @Test
  @DisplayName("B-37 a change outside the data categories keeps the diff's own words")
  void otherChangesKeepTheirWords() throws Exception {
    String yaml = Files.readString(POLICY);
    Policy older = policy(yaml);
    Policy newer = policy(yaml.replace("sells-data: false", "sells-data: true"));
    PolicyDiff diff = PolicyDiff.compare(older, newer);
    assertThat(diff.material()).isNotEmpty();
    String summary = PlainSummary.of(diff, older, newer);
    String words = diff.material().get(0).description().strip();
    assertThat(summary.lines().findFirst().orElseThrow())
        .isEqualToIgnoringCase(words.endsWith(".") ? words : words + ".");
  }
}
