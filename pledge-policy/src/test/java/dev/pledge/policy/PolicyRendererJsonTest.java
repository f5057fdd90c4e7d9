package dev.pledge.policy;

import static dev.pledge.policy.TestPolicies.draft;
import static dev.pledge.policy.TestPolicies.imageStudio;
import static dev.pledge.policy.TestPolicies.referenceSite;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PolicyRendererJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static String json(Policy p) {
    return PolicyRenderer.render(p, PolicyRenderer.Format.JSON);
  }

  private static JsonNode parsed(Policy p) throws Exception {
    return MAPPER.readTree(json(p));
  }

  @Test
  @Tag("A-23")
  @DisplayName("A-23 JSON parses back with the policy's fields and the table's exact words")
  void referenceSite_parsesBack() throws Exception {
    JsonNode root = parsed(referenceSite());

    assertThat(root.get("json-format").asInt()).isEqualTo(1);
    assertThat(root.get("pledge").asInt()).isEqualTo(1);
    assertThat(root.at("/property/name").asText()).isEqualTo("qwen.co.com");
    assertThat(root.at("/property/kind").asText()).isEqualTo("static-site");
    assertThat(root.get("effective").asText()).isEqualTo("2026-04-01");
    assertThat(root.get("last-reviewed").asText()).isEqualTo("2026-04-15");
    assertThat(root.get("sells-data").asBoolean()).isFalse();
    assertThat(root.get("sharing").asText()).isEqualTo("none");
    assertThat(root.get("material-change-notice").isNull()).isTrue();
    assertThat(root.get("cookies")).isEmpty();
    assertThat(root.get("children").isNull()).isTrue();

    JsonNode views = root.at("/categories/0");
    assertThat(views.get("id").asText()).isEqualTo("user.behavior.page_views");
    assertThat(views.get("collected").asText()).isEqualTo("yes");
    assertThat(views.get("legal-basis").asText()).isEqualTo("legitimate-interests");
    assertThat(views.at("/retention/period/kind").asText()).isEqualTo("fixed");
    assertThat(views.at("/retention/period/fixed/iso").asText()).isEqualTo("P90D");
    assertThat(views.at("/retention/period/fixed/text").asText()).isEqualTo("90 days");
    assertThat(views.at("/retention/action").asText()).isEqualTo("aggregate-then-delete");
    assertThat(views.at("/retention/aggregate-retention/kind").asText()).isEqualTo("permanent");
    assertThat(views.at("/text/retention").asText())
        .isEqualTo("Aggregated indefinitely; raw data 90 days");
    assertThat(views.at("/text/purpose").asText())
        .isEqualTo("Editorial decisions, performance monitoring");

    JsonNode email = root.at("/categories/2");
    assertThat(email.get("collected").asText()).isEqualTo("on-contact");
    assertThat(email.at("/retention/anchor").asText()).isEqualTo("last-message");
    assertThat(email.at("/text/collected").asText()).isEqualTo("Only if you contact us");

    JsonNode credentials = root.at("/categories/3");
    assertThat(credentials.get("collected-note").asText()).isEqualTo("no account system exists");
    assertThat(credentials.get("retention").isNull()).isTrue();
    assertThat(credentials.at("/text/retention").asText()).isEqualTo("N/A");

    assertThat(root.at("/channels/0/subject").asText()).isEqualTo("Privacy deletion request");
    assertThat(root.at("/channels/0/starts").asText()).isEqualTo("erasure");
    assertThat(root.at("/laws/0/extension/iso").asText()).isEqualTo("P2M");
    assertThat(root.at("/laws/0/extension/text").asText()).isEqualTo("2 months");
  }

  @Test
  @Tag("B-25")
  @Tag("B-31")
  @DisplayName("B-25 B-31 processors, transfers, ranges and timeframes are machine-readable")
  void service_parsesBack() throws Exception {
    JsonNode root = parsed(imageStudio());

    assertThat(root.at("/processors/0/name").asText()).isEqualTo("Stripe");
    assertThat(root.at("/processors/0/safeguard").asText()).isEqualTo("scc");
    assertThat(root.at("/processors/0/categories/0").asText()).isEqualTo("user.financial.payments");
    assertThat(root.at("/processors/2/safeguard").isNull()).isTrue();
    assertThat(root.at("/transfers/1/safeguard").asText()).isEqualTo("adequacy");
    assertThat(root.at("/regions/2/localised").asBoolean()).isFalse();

    JsonNode source = root.at("/categories/2/retention/period");
    assertThat(source.get("kind").asText()).isEqualTo("range");
    assertThat(source.at("/min/iso").asText()).isEqualTo("P7D");
    assertThat(source.get("max").isNull()).isTrue();
    assertThat(source.at("/default/text").asText()).isEqualTo("30 days");
    assertThat(source.get("chosen-by").asText()).isEqualTo("plan");
    assertThat(source.get("text").asText()).isEqualTo("7 days to permanent");

    assertThat(root.at("/categories/4/retention/legal-hold/period/iso").asText()).isEqualTo("P7Y");
    assertThat(root.at("/categories/4/retention/legal-hold/reason").asText()).isEqualTo("tax law");

    assertThat(root.at("/response-times/general/text").asText())
        .isEqualTo("within 5 business days");
    assertThat(root.at("/response-times/general/business-days").asBoolean()).isTrue();
    assertThat(root.at("/response-times/regulator-acknowledgement/text").asText())
        .isEqualTo("at once");
    assertThat(root.at("/breach/notify-people-within/text").asText()).isEqualTo("at once");
    assertThat(root.at("/breach/notify-regulator-within/iso").asText()).isEqualTo("PT72H");
    assertThat(root.at("/cookies/0/lifetime").isNull()).isTrue();
    assertThat(root.at("/cookies/1/lifetime/text").asText()).isEqualTo("1 year");
    assertThat(root.at("/cookie-categories/0/consent-required").asBoolean()).isFalse();
    assertThat(root.at("/children/parental-consent/0/under").asInt()).isEqualTo(16);
    assertThat(root.at("/change-notice/material-requires-opt-in").asBoolean()).isTrue();
    assertThat(root.at("/contacts/0/role").asText()).isEqualTo("dpo");
    assertThat(root.at("/material-change-notice/effective").asText()).isEqualTo("2025-01-01");
    assertThat(root.at("/material-change-notice/material").asBoolean()).isTrue();
  }

  @Test
  @DisplayName("every key is kebab-case, as in policy files")
  void keysAreKebabCase() throws Exception {
    List<String> keys = new ArrayList<>();
    collectKeys(parsed(imageStudio()), keys);

    assertThat(keys).isNotEmpty().allMatch(k -> k.matches("[a-z0-9]+(-[a-z0-9]+)*"));
    assertThat(keys).contains("last-reviewed", "sells-data", "collected-note", "first-party");
  }

  @Test
  @DisplayName("<script> and & are escaped, and parse back unchanged")
  void escaping() throws Exception {
    String hostile = "<script>alert('x')</script> & co";
    TestPolicies.Draft d = draft(referenceSite());
    d.summary = hostile;
    d.category("user.contact.email", c -> TestPolicies.withTitle(c, hostile));
    d.changes.add(new PolicyChange(LocalDate.of(2026, 6, 1), true, hostile));
    String json = json(d.build());

    assertThat(json).doesNotContain("<").doesNotContain(">").doesNotContain("&");
    JsonNode root = MAPPER.readTree(json);
    assertThat(root.get("summary").asText()).isEqualTo(hostile);
    assertThat(root.at("/categories/2/title").asText()).isEqualTo(hostile);
    assertThat(root.at("/material-change-notice/summary").asText()).isEqualTo(hostile);
  }

  @Test
  @DisplayName("the output is stable: same policy, same bytes; every key always present")
  void stable() {
    assertThat(json(imageStudio())).isEqualTo(json(imageStudio()));
    String json = json(referenceSite());
    assertThat(json).startsWith("{\n  \"json-format\": 1,\n  \"pledge\": 1,\n  \"property\": {");
    assertThat(json).contains("\"breach\": null").contains("\"children\": null").endsWith("}\n");
  }

  private static void collectKeys(JsonNode node, List<String> keys) {
    if (node.isObject()) {
      for (var e : node.properties()) {
        keys.add(e.getKey());
        collectKeys(e.getValue(), keys);
      }
    } else if (node.isArray()) {
      node.forEach(n -> collectKeys(n, keys));
    }
  }
}
