package dev.pledge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code events:} of a category: the custom analytics events it collects besides page views,
 * each with the only property keys that may be stored with it. What is not declared is
 * never stored, so the declaration is checked, published and compared like every other promise.
 */
class CustomEventsPolicyTest {

  private static final String MINIMAL = PolicyLoaderTest.MINIMAL;

  /** MINIMAL with {@code events} lines (written from column 1) after its category's retention. */
  private static String withEvents(String events) {
    String anchor = "      period: P30D\n";
    assertThat(MINIMAL).contains(anchor);
    return MINIMAL.replace(anchor, anchor + "    events:\n" + events.indent(6));
  }

  private static final String DECLARED =
      withEvents(
          "- name: \"Outbound Link: Click\"\n"
              + "  properties: [url]\n"
              + "  description: A reader followed a link to another site.\n"
              + "- name: File Download\n"
              + "  properties: [url, kind]\n");

  @Test
  @DisplayName("A-01 declared custom events are read with their property keys")
  void declaredEventsAreRead() {
    LoadResult result = PolicyLoader.parse(DECLARED, "events.yaml");
    assertThat(result.problems()).isEmpty();
    DataCategory logs = result.policy().categories().get(0);
    assertThat(logs.events())
        .containsExactly(
            new CustomEvent(
                "Outbound Link: Click",
                List.of("url"),
                "A reader followed a link to another site."),
            new CustomEvent("File Download", List.of("url", "kind"), null));
  }

  @Test
  @DisplayName("A-01 an event the analytics use themselves cannot be declared as a custom one")
  void reservedNames() {
    LoadResult result =
        PolicyLoader.parse(withEvents("- {name: pageview, properties: [url]}\n"), "e.yaml");
    assertThat(result.policy()).isNull();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("categories[0].events[0].name");
              assertThat(p.line()).isEqualTo(29);
              assertThat(p.message()).contains("'pageview'").contains("reserved: pageview");
            });
  }

  @Test
  @DisplayName("A-05 duplicate names and keys, bad keys and too many keys are reported at once")
  void everyProblemAtOnce() {
    String tooMany =
        String.join(
            ", ", java.util.stream.IntStream.rangeClosed(1, 31).mapToObj(i -> "k" + i).toList());
    LoadResult result =
        PolicyLoader.parse(
            withEvents(
                "- {name: Signup, properties: [plan, plan, \"bad key\"]}\n"
                    + "- {name: Signup}\n"
                    + "- {name: Many, properties: ["
                    + tooMany
                    + "]}\n"
                    + "- {properties: [x]}\n"),
            "e.yaml");
    assertThat(result.policy()).isNull();
    assertThat(result.problems())
        .extracting(PolicyProblem::field, PolicyProblem::message)
        .anySatisfy(
            t -> {
              // reported where the key is first written
              assertThat(t.toList().get(0)).isEqualTo("categories[0].events[0].properties[0]");
              assertThat((String) t.toList().get(1)).contains("'plan' is listed twice");
            })
        .anySatisfy(
            t -> {
              assertThat(t.toList().get(0)).isEqualTo("categories[0].events[0].properties[2]");
              assertThat((String) t.toList().get(1)).contains("'bad key' is not a property key");
            })
        .anySatisfy(
            t -> {
              assertThat(t.toList().get(0)).isEqualTo("categories[0].events[1].name");
              assertThat((String) t.toList().get(1))
                  .contains("duplicate event name 'Signup'")
                  .contains("line 29");
            })
        .anySatisfy(
            t -> {
              assertThat(t.toList().get(0)).isEqualTo("categories[0].events[2].properties");
              assertThat((String) t.toList().get(1)).contains("at most 30 properties");
            })
        .anySatisfy(
            t -> {
              assertThat(t.toList().get(0)).isEqualTo("categories[0].events[3].name");
              assertThat((String) t.toList().get(1)).contains("missing");
            });
  }

  @Test
  @DisplayName("A-01 a category that is not collected has no events")
  void notCollectedHasNoEvents() {
    String policy =
        MINIMAL.replace(
            "rights:\n",
            "  - id: user.behavior.cross_site_tracking\n"
                + "    title: Cross-site tracking\n"
                + "    collected: no\n"
                + "    events: [{name: Click}]\n"
                + "rights:\n");
    LoadResult result = PolicyLoader.parse(policy, "e.yaml");
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("categories[1].events");
              assertThat(p.message()).contains("not collected has no events");
            });
  }

  @Test
  @DisplayName("A-23 the published policy names every custom event and what it keeps")
  void publishedPolicyNamesTheEvents() {
    Policy policy = PolicyLoader.parse(DECLARED, "events.yaml").policy();
    String html = PolicyRenderer.render(policy, PolicyRenderer.Format.HTML);
    String text = TestPolicies.text(html);
    assertThat(text)
        .contains(
            "“Outbound Link: Click” with url: A reader followed a link to another site.;"
                + " “File Download” with url, kind");
    String markdown = PolicyRenderer.render(policy, PolicyRenderer.Format.MARKDOWN);
    assertThat(markdown).contains("“Outbound Link: Click” with url");
    String json = PolicyRenderer.render(policy, PolicyRenderer.Format.JSON);
    assertThat(json.replaceAll("\\s+", ""))
        .contains(
            "\"events\":[{\"name\":\"OutboundLink:Click\",\"properties\":[\"url\"],"
                + "\"description\":\"Areaderfollowedalinktoanothersite.\"},"
                + "{\"name\":\"FileDownload\",\"properties\":[\"url\",\"kind\"],"
                + "\"description\":null}]");
  }

  @Test
  @DisplayName("A-20 a new custom event or property key is a material change; dropping one is not")
  void diffs() {
    Policy without = PolicyLoader.parse(MINIMAL, "a.yaml").policy();
    Policy with = PolicyLoader.parse(DECLARED, "b.yaml").policy();
    PolicyDiff added = PolicyDiff.compare(without, with);
    assertThat(added.material())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.description())
                    .contains("events added: Outbound Link: Click, File Download"));
    assertThat(PolicyDiff.compare(with, without).hasMaterial()).isFalse();
    Policy moreKeys =
        PolicyLoader.parse(DECLARED.replace("[url, kind]", "[url, kind, size]"), "c.yaml").policy();
    assertThat(PolicyDiff.compare(with, moreKeys).material())
        .singleElement()
        .satisfies(
            c -> assertThat(c.description()).isEqualTo("event File Download now keeps size"));
  }

  @Test
  @DisplayName("A-01 the shipped reference-site policy declares its custom events")
  void shippedPolicy() {
    LoadResult loaded = PolicyLoader.load(Path.of("..", "policies", "reference-site.yaml"));
    assertThat(loaded.problems()).isEmpty();
    assertThat(
            loaded.policy().categories().stream()
                .filter(c -> c.id().equals("user.behavior.page_views"))
                .findFirst()
                .orElseThrow()
                .events())
        .extracting(CustomEvent::name, CustomEvent::properties)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Outbound Link: Click", List.of("url")),
            org.assertj.core.groups.Tuple.tuple("File Download", List.of("url")));
  }
}
