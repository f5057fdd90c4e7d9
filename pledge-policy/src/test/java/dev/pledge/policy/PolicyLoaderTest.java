package dev.pledge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader's contract: defaults, problem formatting, unreadable input, and never throwing. */
class PolicyLoaderTest {

  /** The smallest policy the language accepts, with every default left implicit. */
  static final String MINIMAL =
      """
      pledge: 1
      property:
        id: tiny-site
        name: Tiny site
        kind: static-site
        domains: [tiny.example.org]
      controller:
        name: Tiny site team
      contacts:
        privacy:
          email: privacy@tiny.example.org
      effective: 2026-01-01
      last-reviewed: 2026-01-15
      summary: Tiny site keeps access logs for 30 days and nothing else.
      sells-data: false
      sharing: none
      purposes:
        - id: operations.debugging
          title: Debugging
      categories:
        - id: user.device.access_logs
          title: Access logs
          collected: yes
          purposes: [operations.debugging]
          legal-basis: legitimate-interests
          retention:
            period: P30D
      rights:
        - kind: erasure
          channels: [privacy-email]
      channels:
        - id: privacy-email
          kind: email
          title: E-mail
          contact: privacy
      cookies: []
      change-notice:
        channels: [page-notice]
      """;

  private static LoadResult parse(String text) {
    return PolicyLoader.parse(text, "test.yaml");
  }

  @Test
  @DisplayName("a minimal policy loads, and omitted keys take their documented defaults")
  void minimalPolicyDefaults() {
    LoadResult result = parse(MINIMAL);
    assertThat(result.problems()).extracting(PolicyProblem::format).isEmpty();
    Policy policy = result.policy();
    DataCategory logs = policy.categories().get(0);
    assertThat(logs.retention().anchor()).isEqualTo(Retention.Anchor.COLLECTION);
    assertThat(logs.retention().action()).isEqualTo(Retention.ExpiryAction.DELETE);
    assertThat(logs.personal()).isTrue();
    assertThat(logs.anonymised()).isFalse();
    assertThat(policy.purposes().get(0).objectable()).isFalse();
    assertThat(policy.rights().get(0).laws()).isEmpty();
    assertThat(policy.changes()).isEmpty();
    assertThat(policy.laws()).isEmpty();
    assertThat(policy.children()).isNull();
    assertThat(policy.breach()).isNull();
    assertThat(policy.responseTimes()).isNull();
    assertThat(policy.changeNotice().advanceNotice()).isNull();
    assertThat(policy.changeNotice().materialRequiresOptIn()).isFalse();
  }

  @Test
  @DisplayName("the smallest policy in docs/policy-language.md loads and matches this test's")
  void documentedMinimalPolicy() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "policy-language.md"));
    String section = docs.substring(docs.indexOf("## The smallest valid policy"));
    String yaml = section.substring(section.indexOf("```yaml\n") + 8, section.indexOf("```\n", 10));
    assertThat(yaml).isEqualTo(MINIMAL);
    assertThat(parse(yaml).problems()).extracting(PolicyProblem::format).isEmpty();
  }

  @Test
  @DisplayName("cookie lifetime 'session' means null; response times take both forms")
  void cookieLifetimeAndTimeframes() {
    String text =
        MINIMAL.replace(
            "cookies: []\n",
            """
                cookie-categories:
                  - id: essential
                    title: Strictly necessary
                cookies:
                  - {name: sid, category: essential, purpose: Sign-in, lifetime: session, first-party: true}
                  - {name: consent, category: essential, purpose: Choices, lifetime: P182D, first-party: true}
                response-times:
                  general: {period: P5D, business-days: true}
                  rights: P30D
                """);
    LoadResult result = parse(text);
    assertThat(result.problems()).extracting(PolicyProblem::format).isEmpty();
    Policy policy = result.policy();
    assertThat(policy.cookies().get(0).lifetime()).isNull();
    assertThat(policy.cookies().get(1).lifetime()).isEqualTo(PolicyDuration.parse("P182D"));
    assertThat(policy.cookieCategories().get(0).consentRequired())
        .as("consent is required unless the file says otherwise")
        .isTrue();
    assertThat(policy.responseTimes().general())
        .isEqualTo(new Timeframe(PolicyDuration.parse("P5D"), true));
    assertThat(policy.responseTimes().rights())
        .isEqualTo(new Timeframe(PolicyDuration.parse("P30D"), false));
  }

  @Test
  @DisplayName("a camelCase key is recognised as the kebab-case key it means")
  void camelCaseSuggestion() {
    LoadResult result = parse(MINIMAL.replace("last-reviewed:", "lastReviewed:"));
    assertThat(result.problems())
        .extracting(PolicyProblem::format)
        .containsExactly(
            "test.yaml:1:1: last-reviewed: missing required key 'last-reviewed'. Example:"
                + " last-reviewed: 2026-04-15",
            "test.yaml:13:1: lastReviewed: unknown key 'lastReviewed'; did you mean"
                + " 'last-reviewed'?");
  }

  @Test
  @DisplayName("a key written without a value is reported at the key")
  void keyWithoutValue() {
    LoadResult result =
        parse(MINIMAL.replace("summary: Tiny site keeps", "summary:\nnote: Tiny site keeps"));
    assertThat(result.problems())
        .extracting(PolicyProblem::format)
        .contains(
            "test.yaml:14:1: summary: 'summary' has no value. Example: summary: \"What we"
                + " collect, why, and for how long, in a few sentences\"");
  }

  @Test
  @DisplayName("the top level must be a mapping")
  void topLevelList() {
    assertThat(parse("- pledge: 1\n").problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(1);
              assertThat(p.column()).isEqualTo(1);
              assertThat(p.field()).isEmpty();
              assertThat(p.message())
                  .isEqualTo("expected a mapping of keys to values, found a list");
            });
  }

  @Test
  @DisplayName("two YAML documents in one file are one problem, at the second")
  void twoDocuments() {
    assertThat(parse(MINIMAL + "---\npledge: 1\n").problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(MINIMAL.lines().count() + 1);
              assertThat(p.message()).contains("expected a single document");
            });
  }

  @Test
  @DisplayName("merge keys are refused with a way out, not silently misread")
  void mergeKey() {
    String text =
        MINIMAL.replace(
            "    retention:\n      period: P30D\n", "    retention:\n      <<: {period: P30D}\n");
    assertThat(parse(text).problems())
        .extracting(PolicyProblem::field, PolicyProblem::line)
        .contains(org.assertj.core.groups.Tuple.tuple("categories[0].retention.<<", 27));
  }

  @Test
  @DisplayName("an alias bomb is a problem, not a hang")
  void aliasBomb() {
    StringBuilder text = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++) {
      text.append("a").append(i).append(": &a").append(i).append(" [");
      for (int j = 0; j < 10; j++) {
        text.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
      }
      text.append("]\n");
    }
    assertThat(parse(text.toString()).problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("aliases")
                    .contains("max=50")
                    .as("how to fix it")
                    .contains("at most 50 aliases"));
  }

  @Test
  @DisplayName("format: file:line:column: field: message. Example: …")
  void formatting() {
    PolicyProblem problem =
        new PolicyProblem(
            "reference-site.yaml",
            12,
            5,
            "categories[2].retention.period",
            "'P90X' is not an ISO-8601 duration",
            "period: P90D");
    assertThat(problem.format())
        .isEqualTo(
            "reference-site.yaml:12:5: categories[2].retention.period: 'P90X' is not an ISO-8601"
                + " duration. Example: period: P90D");
    assertThat(new PolicyProblem("a.yaml", 0, 0, "", "no such file", null).format())
        .isEqualTo("a.yaml: no such file");
    assertThat(new PolicyProblem("a.yaml", 3, 1, "", "YAML syntax error: x", null).format())
        .isEqualTo("a.yaml:3:1: YAML syntax error: x");
  }

  @Test
  @DisplayName("a missing file is a problem, not an exception")
  void missingFile(@TempDir Path dir) {
    Path file = dir.resolve("absent.yaml");
    LoadResult result = PolicyLoader.load(file);
    assertThat(result.policy()).isNull();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.source()).isEqualTo(file.toString());
              assertThat(p.line()).isZero();
              assertThat(p.message()).isEqualTo("no such file");
            });
  }

  @Test
  @DisplayName("a file too large to be a policy is one problem saying so, and is not parsed")
  void tooLarge(@TempDir Path dir) throws IOException {
    // One long value: YAML scanning of it grows faster than its length (30 MB ran for minutes).
    String text = "x: \"" + "a".repeat(PolicyLoader.MAX_SIZE) + "\"\n";
    assertThat(parse(text).problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith("the file is too large to be a policy (" + text.length())
                    .contains("check that this is the policy file"));
    Path file = dir.resolve("huge.yaml");
    Files.writeString(file, text);
    assertThat(PolicyLoader.load(file).problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .startsWith("the file is too large to be a policy (" + Files.size(file)));
  }

  @Test
  @DisplayName("a file that is not UTF-8, or a directory, is a problem")
  void unreadableFiles(@TempDir Path dir) throws IOException {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    assertThat(PolicyLoader.load(latin1).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).isEqualTo("the file is not UTF-8 text"));
    assertThat(PolicyLoader.load(dir).problems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).startsWith("cannot read the file"));
  }

  @Test
  @DisplayName(
      "every prefix of a shipped policy yields problems with positions, never an exception")
  void truncatedPoliciesNeverThrow() throws IOException {
    for (String name : List.of("reference-site.yaml", "image-studio.yaml")) {
      String text = Files.readString(Path.of("..", "policies", name));
      long lines = text.lines().count();
      for (int end = 0; end < text.length(); end += 211) {
        assertSane(parse(text.substring(0, end)), lines, name + " cut at " + end);
      }
    }
  }

  @Test
  @DisplayName("removing a line of a shipped policy never makes the loader throw")
  void removedLinesNeverThrow() throws IOException {
    // Every line of the small file; every third of the large one keeps the run short while still
    // cutting each kind of entry somewhere.
    for (String name : List.of("reference-site.yaml", "image-studio.yaml")) {
      List<String> lines = Files.readAllLines(Path.of("..", "policies", name));
      int stride = lines.size() > 400 ? 3 : 1;
      for (int i = 0; i < lines.size(); i += stride) {
        List<String> cut = new ArrayList<>(lines);
        cut.remove(i);
        assertSane(parse(String.join("\n", cut)), lines.size(), name + " without line " + (i + 1));
      }
    }
  }

  private static void assertSane(LoadResult result, long lineCount, String what) {
    assertThat(result.policy() == null).as(what).isEqualTo(!result.ok());
    assertThat(result.problems())
        .as(what)
        .allSatisfy(
            p -> {
              assertThat(p.message()).doesNotContain("internal error");
              assertThat(p.line()).isBetween(1, (int) lineCount + 1);
              assertThat(p.column()).isPositive();
            });
    assertThat(result.problems()).extracting(PolicyProblem::line).isSorted();
  }
}
