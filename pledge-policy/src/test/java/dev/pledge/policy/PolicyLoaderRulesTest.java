package dev.pledge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checks that tie parts of a policy together, each shown on a change to the minimal policy of
 * {@link PolicyLoaderTest}. Positions are asserted against that text's line numbers.
 */
class PolicyLoaderRulesTest {

  private static final String MINIMAL = PolicyLoaderTest.MINIMAL;

  /** The single problem a policy text has. MINIMAL has 38 lines; appended text starts at 39. */
  private static PolicyProblem onlyProblem(String policy) {
    LoadResult result = PolicyLoader.parse(policy, "rules.yaml");
    assertThat(result.policy()).isNull();
    assertThat(result.problems()).hasSize(1);
    return result.problems().get(0);
  }

  private static String edit(String from, String to) {
    assertThat(MINIMAL).contains(from);
    return MINIMAL.replace(from, to);
  }

  @Test
  @DisplayName("A-14 sharing 'none' cannot list processors")
  void sharingNoneWithProcessors() {
    PolicyProblem problem =
        onlyProblem(
            MINIMAL
                + "processors:\n"
                + "  - {name: Example Hosting Ltd., role: cloud, purpose: Hosting, categories:"
                + " [user.device.access_logs]}\n");
    assertThat(problem.field()).isEqualTo("sharing");
    assertThat(problem.line()).isEqualTo(16);
    assertThat(problem.message()).contains("sharing is 'none', yet processors are listed");
    assertThat(problem.example()).isEqualTo("sharing: processors-only");
  }

  @Test
  @DisplayName("B-25 a processor cannot receive a category that is not collected")
  void processorReceivingUncollectedCategory() {
    String policy =
        edit("sharing: none", "sharing: processors-only")
            + "processors:\n"
            + "  - name: Example Payments Ltd.\n"
            + "    role: payments\n"
            + "    purpose: Card payments\n"
            + "    categories: [user.device.access_logs, user.financial.cards]\n";
    policy =
        policy.replace(
            "rights:\n",
            "  - {id: user.financial.cards, title: Card numbers, collected: no}\nrights:\n");
    PolicyProblem problem = onlyProblem(policy);
    assertThat(problem.field()).isEqualTo("processors[0].categories[1]");
    assertThat(problem.line()).isEqualTo(44);
    assertThat(problem.column()).isEqualTo(43);
    assertThat(problem.message())
        .isEqualTo(
            "category 'user.financial.cards' is declared as not collected, so no processor can"
                + " receive it");
  }

  @Test
  @DisplayName("B-31 a transfer needs two different, declared regions")
  void transfers() {
    LoadResult result =
        PolicyLoader.parse(
            MINIMAL
                + "regions:\n"
                + "  - {id: eu, name: European Union}\n"
                + "transfers:\n"
                + "  - {from: eu, to: eu, safeguard: scc}\n"
                + "  - {from: eu, to: mars, safeguard: scc}\n",
            "rules.yaml");
    assertThat(result.problems())
        .extracting(PolicyProblem::line, PolicyProblem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(42, "transfers[0].to"),
            org.assertj.core.groups.Tuple.tuple(43, "transfers[1].to"));
    assertThat(result.problems().get(0).message()).contains("to itself is no transfer");
    assertThat(result.problems().get(1).message())
        .isEqualTo("'mars' is not a declared region; declared: eu");
  }

  @Test
  @DisplayName("B-33 parental consent must concern an age someone with an account can have")
  void parentalConsentBelowMinimumAge() {
    PolicyProblem problem =
        onlyProblem(
            MINIMAL
                + "laws:\n"
                + "  - {id: gdpr, name: GDPR, deadline: P1M}\n"
                + "children:\n"
                + "  minimum-age: 13\n"
                + "  parental-consent:\n"
                + "    - {jurisdiction: gdpr, under: 13}\n");
    assertThat(problem.field()).isEqualTo("children.parental-consent[0].under");
    assertThat(problem.line()).isEqualTo(44);
    assertThat(problem.message()).contains("affects nobody");
  }

  @Test
  @DisplayName("B-33 parental consent names a declared law or region")
  void parentalConsentJurisdiction() {
    PolicyProblem problem =
        onlyProblem(
            MINIMAL
                + "children:\n"
                + "  minimum-age: 13\n"
                + "  parental-consent: [{jurisdiction: gdpr, under: 16}]\n");
    assertThat(problem.field()).isEqualTo("children.parental-consent[0].jurisdiction");
    assertThat(problem.message())
        .isEqualTo("'gdpr' is not a declared law or region; none is declared");
  }

  @Test
  @DisplayName("A-21 a subject line must start a declared right")
  void startsUndeclaredRight() {
    PolicyProblem problem =
        onlyProblem(
            edit(
                "    contact: privacy\n",
                "    contact: privacy\n    subject: Privacy access request\n    starts: access\n"));
    assertThat(problem.field()).isEqualTo("channels[0].starts");
    assertThat(problem.line()).isEqualTo(37);
    assertThat(problem.message())
        .isEqualTo("this channel starts access requests, but no 'access' right is declared");
  }

  @Test
  @DisplayName("A-21 'starts' needs a subject line")
  void startsWithoutSubject() {
    PolicyProblem problem =
        onlyProblem(edit("    contact: privacy\n", "    contact: privacy\n    starts: erasure\n"));
    assertThat(problem.field()).isEqualTo("channels[0].starts");
    assertThat(problem.message()).contains("needs the subject line");
  }

  @Test
  @DisplayName("B-29 a form needs a path, and a path starts with '/'")
  void formPaths() {
    LoadResult result =
        PolicyLoader.parse(
            edit(
                "    contact: privacy\n",
                "    contact: privacy\n"
                    + "  - {id: form, kind: form, title: Form}\n"
                    + "  - {id: center, kind: dashboard, title: Center, path: privacy}\n"),
            "rules.yaml");
    assertThat(result.problems())
        .extracting(PolicyProblem::field, PolicyProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "channels[1].path", "a form channel needs the path where it is found"),
            org.assertj.core.groups.Tuple.tuple(
                "channels[2].path", "'privacy' is not a path on the property; it starts with '/'"));
  }

  @Test
  @DisplayName("only e-mail channels have a subject line")
  void subjectOnForm() {
    PolicyProblem problem =
        onlyProblem(
            edit(
                "    contact: privacy\n",
                "    contact: privacy\n"
                    + "  - {id: form, kind: form, title: Form, path: /f, subject: Delete}\n"));
    assertThat(problem.field()).isEqualTo("channels[1].subject");
    assertThat(problem.message()).contains("only e-mail channels have a subject line");
  }

  @Test
  @DisplayName("B-39 a contact's e-mail address must look like one")
  void badEmail() {
    PolicyProblem problem =
        onlyProblem(edit("email: privacy@tiny.example.org", "email: privacy at example.org"));
    assertThat(problem.field()).isEqualTo("contacts.privacy.email");
    assertThat(problem.line()).isEqualTo(11);
    assertThat(problem.column()).isEqualTo(12);
    assertThat(problem.message()).isEqualTo("'privacy at example.org' is not an e-mail address");
  }

  @Test
  @DisplayName("property id and domains must be usable in paths and host lookups")
  void propertyIdAndDomains() {
    LoadResult result =
        PolicyLoader.parse(
            edit("id: tiny-site", "id: Tiny Site")
                .replace("[tiny.example.org]", "[tiny.example.org, https://tiny.example.org/]"),
            "rules.yaml");
    assertThat(result.problems())
        .extracting(PolicyProblem::line, PolicyProblem::column, PolicyProblem::field)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, 7, "property.id"),
            org.assertj.core.groups.Tuple.tuple(6, 31, "property.domains[1]"));
  }

  @Test
  @DisplayName("A-14 a quoted \"false\" is text, and the message says so")
  void quotedFlag() {
    PolicyProblem problem = onlyProblem(edit("sells-data: false", "sells-data: \"false\""));
    assertThat(problem.field()).isEqualTo("sells-data");
    assertThat(problem.message())
        .isEqualTo("expected true or false, found the quoted text 'false'");
  }

  @Test
  @DisplayName("A-17 'aggregate-retention' only goes with aggregate-then-delete")
  void aggregateRetentionWithDelete() {
    PolicyProblem problem =
        onlyProblem(
            edit(
                "      period: P30D\n",
                "      period: P30D\n      aggregate-retention: permanent\n"));
    assertThat(problem.field()).isEqualTo("categories[0].retention.aggregate-retention");
    assertThat(problem.line()).isEqualTo(28);
    assertThat(problem.message()).contains("only applies with action aggregate-then-delete");
  }

  @Test
  @DisplayName("B-18 a range needs a default, and its minimum cannot be permanent")
  void rangeShape() {
    LoadResult result =
        PolicyLoader.parse(
            edit(
                "      period: P30D\n",
                "      period: {min: permanent, max: permanent, chosen-by: everyone}\n"),
            "rules.yaml");
    assertThat(result.problems())
        .extracting(PolicyProblem::field)
        .containsExactly(
            "categories[0].retention.period.default",
            "categories[0].retention.period.min",
            "categories[0].retention.period.chosen-by");
    assertThat(result.problems().get(0).message()).contains("missing required key 'default'");
    assertThat(result.problems().get(1).message()).contains("cannot be permanent");
    assertThat(result.problems().get(2).message())
        .isEqualTo("'everyone' is not one of: plan, user");
  }
}
