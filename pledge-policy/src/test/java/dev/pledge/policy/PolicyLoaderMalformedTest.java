package dev.pledge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Each file under {@code malformed/} is a small valid policy with one kind of mistake. The loader
 * must name the exact field, line and column, and say what is wrong in words a person can act on.
 */
class PolicyLoaderMalformedTest {

  private static List<PolicyProblem> problems(String file) {
    URL url = PolicyLoaderMalformedTest.class.getResource("/malformed/" + file);
    assertThat(url).as("test resource malformed/%s", file).isNotNull();
    LoadResult result;
    try {
      result = PolicyLoader.load(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
    assertThat(result.ok()).isFalse();
    assertThat(result.policy()).as("no policy is handed out when there are problems").isNull();
    assertThat(result.problems()).allSatisfy(p -> assertThat(p.source()).endsWith(file));
    return result.problems();
  }

  private static Consumer<PolicyProblem> at(int line, int column, String field, String gist) {
    return p -> {
      assertThat(p.line()).as("line of %s", p.format()).isEqualTo(line);
      assertThat(p.column()).as("column of %s", p.format()).isEqualTo(column);
      assertThat(p.field()).as("field of %s", p.format()).isEqualTo(field);
      assertThat(p.message()).contains(gist);
    };
  }

  @Test
  @DisplayName("unknown key: suggests the closest known key")
  void unknownKey() {
    assertThat(problems("unknown-key.yaml"))
        .singleElement()
        .satisfies(
            at(
                20,
                5,
                "purposes[0].objectible",
                "unknown key 'objectible'; did you mean 'objectable'?"));
  }

  @Test
  @DisplayName("unknown key without a near match: lists the keys known at that place")
  void unknownKeyWithoutSuggestion() {
    assertThat(problems("unknown-key-no-suggestion.yaml"))
        .singleElement()
        .satisfies(at(7, 3, "property.colour", "known keys: id, name, kind, domains, scope"));
  }

  @Test
  @DisplayName("A-17 a retention period that is not an ISO-8601 duration")
  void badRetentionDuration() {
    PolicyProblem problem = problems("bad-duration.yaml").get(0);
    assertThat(problem)
        .satisfies(
            at(27, 15, "categories[0].retention.period", "'P30X' is not an ISO-8601 duration"));
    assertThat(problem.example()).isEqualTo("period: P90D");
    assertThat(problem.format())
        .endsWith(
            "bad-duration.yaml:27:15: categories[0].retention.period: 'P30X' is not an ISO-8601"
                + " duration or 'permanent'. Example: period: P90D");
  }

  @Test
  @DisplayName("B-32 a law's deadline that is not an ISO-8601 duration")
  void badLawDeadline() {
    assertThat(problems("bad-duration-law.yaml"))
        .singleElement()
        .satisfies(at(40, 15, "laws[0].deadline", "'one month' is not an ISO-8601 duration"));
  }

  @Test
  @DisplayName("A-20 an effective date that is not a calendar date")
  void badDate() {
    assertThat(problems("bad-date.yaml"))
        .singleElement()
        .satisfies(at(12, 12, "effective", "'2026-13-01' is not a date in the form YYYY-MM-DD"));
  }

  @Test
  @DisplayName("bad enum value: lists the allowed values and the likely one")
  void badEnum() {
    PolicyProblem problem = problems("bad-enum.yaml").get(0);
    assertThat(problem)
        .satisfies(
            at(
                28,
                15,
                "categories[0].retention.action",
                "'delet' is not one of: delete, anonymise, aggregate-then-delete; did you mean"
                    + " 'delete'?"));
    assertThat(problem.format()).endsWith("did you mean 'delete'? Example: action: delete");
  }

  @Test
  @DisplayName("bad enum value without a near match: the allowed values only")
  void badEnumWithoutSuggestion() {
    assertThat(problems("bad-enum-no-suggestion.yaml"))
        .singleElement()
        .satisfies(at(5, 9, "property.kind", "'website' is not one of: static-site, service"));
  }

  @Test
  @DisplayName("A-23 a collected category without a purpose")
  void categoryWithoutPurpose() {
    assertThat(problems("category-without-purpose.yaml"))
        .singleElement()
        .satisfies(
            at(21, 5, "categories[0].purposes", "a collected category must name at least one"));
  }

  @Test
  @DisplayName("A-23 a collected category without retention or legal basis")
  void categoryWithoutRetentionOrLegalBasis() {
    assertThat(problems("collected-without-retention-or-basis.yaml"))
        .satisfiesExactly(
            at(21, 5, "categories[0].retention", "needs a retention rule"),
            at(21, 5, "categories[0].legal-basis", "needs a legal basis"));
  }

  @Test
  @DisplayName("A-10 a category declared as not collected cannot have purposes or retention")
  void notCollectedWithRetention() {
    assertThat(problems("not-collected-with-retention.yaml"))
        .satisfiesExactly(
            at(24, 15, "categories[0].purposes", "not collected has no purposes"),
            at(25, 18, "categories[0].legal-basis", "not collected has no legal basis"),
            at(27, 7, "categories[0].retention", "not collected has no retention"));
  }

  @Test
  @DisplayName("B-30 a cookie without a cookie category")
  void cookieWithoutCategory() {
    assertThat(problems("cookie-without-category.yaml"))
        .singleElement()
        .satisfies(at(46, 5, "cookies[0].category", "missing required key 'category'"));
  }

  @Test
  @DisplayName("B-30 a cookie in an undeclared cookie category")
  void undeclaredCookieCategory() {
    assertThat(problems("undeclared-cookie-category.yaml"))
        .singleElement()
        .satisfies(
            at(47, 15, "cookies[0].category", "'analytics' is not a declared cookie category"));
  }

  @Test
  @DisplayName("duplicate purpose id points at the second and names the first")
  void duplicateId() {
    assertThat(problems("duplicate-id.yaml"))
        .singleElement()
        .satisfies(
            at(
                20,
                9,
                "purposes[1].id",
                "duplicate purpose id 'operations.debugging'; it is already declared at line 18"));
  }

  @Test
  @DisplayName("duplicate YAML key, which YAML itself would silently resolve")
  void duplicateYamlKey() {
    assertThat(problems("duplicate-yaml-key.yaml"))
        .singleElement()
        .satisfies(at(16, 1, "summary", "duplicate key 'summary'; it is already set at line 14"));
  }

  @Test
  @DisplayName("A-23 a category naming an undeclared purpose, with a suggestion")
  void undeclaredPurpose() {
    PolicyProblem problem = problems("undeclared-purpose.yaml").get(0);
    assertThat(problem)
        .satisfies(
            at(
                24,
                16,
                "categories[0].purposes[0]",
                "'operations.debuging' is not a declared purpose; did you mean"
                    + " 'operations.debugging'?"));
    assertThat(problem.example()).isEqualTo("purposes: [operations.debugging]");
  }

  @Test
  @DisplayName("A-15 A-16 a right under an undeclared law points at that list entry")
  void undeclaredLaw() {
    assertThat(problems("undeclared-law.yaml"))
        .singleElement()
        .satisfies(at(30, 18, "rights[0].laws[1]", "'ccpa' is not a declared law; declared: gdpr"));
  }

  @Test
  @DisplayName("B-29 a right through an undeclared channel")
  void undeclaredChannel() {
    assertThat(problems("undeclared-channel.yaml"))
        .singleElement()
        .satisfies(at(31, 16, "rights[0].channels[0]", "'privacy-form' is not a declared channel"));
  }

  @Test
  @DisplayName("B-25 a processor receiving an undeclared category")
  void undeclaredCategory() {
    assertThat(problems("undeclared-category.yaml"))
        .singleElement()
        .satisfies(
            at(
                50,
                18,
                "processors[0].categories[0]",
                "'user.device.logs' is not a declared category; declared:"
                    + " user.device.access_logs"));
  }

  @Test
  @DisplayName("A-21 an e-mail channel whose contact role is not declared")
  void emailChannelWithUndeclaredContact() {
    assertThat(problems("email-channel-undeclared-contact.yaml"))
        .singleElement()
        .satisfies(
            at(
                36,
                14,
                "channels[0].contact",
                "contact role 'dpo' is not declared under 'contacts'"));
  }

  @Test
  @DisplayName("B-39 a contact role that does not exist, with a suggestion")
  void unknownContactRole() {
    assertThat(problems("unknown-contact-role.yaml"))
        .first()
        .satisfies(at(10, 3, "contacts.privcy", "'privcy' is not one of: privacy, dpo"))
        .satisfies(p -> assertThat(p.message()).endsWith("did you mean 'privacy'?"));
  }

  @Test
  @DisplayName("B-18 a retention range whose minimum exceeds its maximum")
  void rangeMinGreaterThanMax() {
    assertThat(problems("range-min-greater-than-max.yaml"))
        .singleElement()
        .satisfies(
            at(
                27,
                21,
                "categories[0].retention.period.min",
                "the shortest choice (min P1Y) is longer than the longest (max P30D)"));
  }

  @Test
  @DisplayName("B-19 a retention range whose default lies outside it")
  void rangeDefaultOutside() {
    assertThat(problems("range-default-outside.yaml"))
        .singleElement()
        .satisfies(
            at(
                30,
                18,
                "categories[0].retention.period.default",
                "the default permanent is outside the range P7D to P90D"));
  }

  @Test
  @DisplayName("B-20 a legal hold of zero")
  void legalHoldOfZero() {
    assertThat(problems("legal-hold-zero.yaml"))
        .singleElement()
        .satisfies(
            at(
                28,
                28,
                "categories[0].retention.legal-hold.period",
                "a legal hold of P0D holds nothing"));
  }

  @Test
  @DisplayName("A-18 aggregate-then-delete without saying how long aggregates are kept")
  void aggregateWithoutAggregateRetention() {
    assertThat(problems("aggregate-without-aggregate-retention.yaml"))
        .singleElement()
        .satisfies(
            at(
                27,
                7,
                "categories[0].retention.aggregate-retention",
                "missing required key 'aggregate-retention'"));
  }

  @Test
  @DisplayName("A-20 a change-log entry dated after the policy's effective date")
  void changeAfterEffective() {
    assertThat(problems("change-after-effective.yaml"))
        .singleElement()
        .satisfies(
            at(
                15,
                16,
                "changes[0].effective",
                "takes effect on 2026-03-01, after the policy's effective date 2026-01-01"));
  }

  @Test
  @DisplayName("A-14 B-24 'sells-data' must be written out")
  void missingRequiredKey() {
    PolicyProblem problem = problems("missing-required-key.yaml").get(0);
    assertThat(problem).satisfies(at(1, 1, "sells-data", "missing required key 'sells-data'"));
    assertThat(problem.example()).isEqualTo("sells-data: false");
  }

  @Test
  @DisplayName("A-16 selling data requires the opt-out-of-sale right")
  void sellsWithoutOptOut() {
    assertThat(problems("sells-without-opt-out.yaml"))
        .singleElement()
        .satisfies(at(15, 13, "sells-data", "must offer the opt-out-of-sale right"));
  }

  @Test
  @DisplayName("a policy-language version other than 1")
  void unsupportedVersion() {
    assertThat(problems("unsupported-version.yaml"))
        .singleElement()
        .satisfies(at(1, 9, "pledge", "unsupported policy-language version 2"));
  }

  @Test
  @DisplayName("wrong type: a list where a mapping belongs")
  void wrongType() {
    assertThat(problems("wrong-type.yaml"))
        .singleElement()
        .satisfies(at(3, 3, "property", "expected a mapping of keys to values, found a list"));
  }

  @Test
  @DisplayName("YAML syntax error: one problem at the parser's position")
  void yamlSyntaxError() {
    assertThat(problems("yaml-syntax-error.yaml"))
        .singleElement()
        .satisfies(at(7, 11, "", "YAML syntax error: expected ',' or ']'"))
        .satisfies(p -> assertThat(p.message()).contains("flow sequence at line 6"));
  }

  @Test
  @DisplayName("YAML syntax error: a tab in the indentation")
  void tabIndentation() {
    assertThat(problems("tab-indentation.yaml"))
        .singleElement()
        .satisfies(at(4, 1, "", "cannot start any token"))
        .satisfies(p -> assertThat(p.example()).contains("spaces"));
  }

  @Test
  @DisplayName("an empty file")
  void emptyFile() {
    assertThat(problems("empty.yaml"))
        .singleElement()
        .satisfies(at(1, 1, "", "the file is empty"))
        .satisfies(p -> assertThat(p.example()).isEqualTo("pledge: 1"));
  }

  @Test
  @DisplayName("several problems are reported at once, in line order")
  void severalAtOnce() {
    List<PolicyProblem> problems = problems("several-errors.yaml");
    assertThat(problems)
        .satisfiesExactly(
            at(12, 12, "effective", "'January 2026' is not a date"),
            at(20, 5, "purposes[0].objectible", "did you mean 'objectable'?"),
            at(25, 16, "categories[0].purposes[0]", "did you mean 'operations.debugging'?"),
            at(28, 15, "categories[0].retention.period", "'30 days' is not an ISO-8601 duration"),
            at(41, 15, "laws[0].deadline", "'P1Q' is not an ISO-8601 duration"));
    assertThat(problems).extracting(PolicyProblem::line).isSorted();
  }
}
