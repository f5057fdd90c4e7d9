package dev.pledge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The published reference-site policy reproduces the data-category table of the seed policy
 * (reference-site-privacy-policy.txt, "Data categories collected by …"), row by row.
 */
class SeedTableTest {

  /** The seed's table, copied verbatim: category · collected · purpose · retention. */
  static final List<List<String>> SEED_ROWS =
      List.of(
          List.of(
              "Page view analytics (anonymised)",
              "Yes",
              "Editorial decisions, performance monitoring",
              "Aggregated indefinitely; raw data 90 days"),
          List.of(
              "Server access logs (truncated IP)",
              "Yes",
              "Debugging, abuse monitoring, uptime",
              "Up to 90 days, then deleted"),
          List.of(
              "Email correspondence",
              "Only if you contact us",
              "Responding to editorial or privacy enquiries",
              "Duration of exchange plus up to 12 months"),
          List.of(
              "Account credentials or passwords", "No — no account system exists", "N/A", "N/A"),
          List.of("Personal health or financial data", "No", "N/A", "N/A"));

  @Test
  @DisplayName("A-23 the rendered reference-site table has every seed row with the same values")
  void renderedTableReproducesSeedRows() {
    LoadResult loaded = PolicyLoader.load(Path.of("..", "policies", "reference-site.yaml"));
    assertThat(loaded.problems()).isEmpty();
    String html = PolicyRenderer.render(loaded.policy(), PolicyRenderer.Format.HTML);
    List<List<String>> rows = TestPolicies.tableRows(html, "Data categories collected by");
    assertThat(rows).containsAll(SEED_ROWS);
    String markdown = PolicyRenderer.render(loaded.policy(), PolicyRenderer.Format.MARKDOWN);
    for (List<String> row : SEED_ROWS) {
      assertThat(markdown).contains("| " + String.join(" | ", row) + " |");
    }
  }
}
