package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.unit.DataSize;

/** The plans from configuration, checked against the policy at start-up (B-04, B-07, B-18). */
class PlansTest {

  static final Path POLICY = Path.of("../policies/image-studio.yaml");

  static Policy policy() {
    return PolicyLoader.load(POLICY).policy();
  }

  /** The shipped defaults, bound from application.yaml as the server binds them. */
  static PlanSettings shipped() throws Exception {
    StandardEnvironment env = new StandardEnvironment();
    new YamlPropertySourceLoader()
        .load("application.yaml", new FileSystemResource("src/main/resources/application.yaml"))
        .forEach(env.getPropertySources()::addLast);
    return Binder.get(env).bind("pledge.studio", PlanSettings.class).get();
  }

  static PlanSettings withPlan(
      PlanSettings s, String id, UnaryOperator<PlanSettings.PlanSpec> change) {
    Map<String, PlanSettings.PlanSpec> plans = new LinkedHashMap<>(s.plans());
    plans.put(id, change.apply(plans.get(id)));
    return new PlanSettings(plans, s.creditPacks());
  }

  static PlanSettings.PlanSpec retention(
      PlanSettings.PlanSpec p, String min, String max, String def) {
    return new PlanSettings.PlanSpec(
        p.name(),
        p.monthlyCredits(),
        p.priceCents(),
        p.currency(),
        p.maxUploadBytes(),
        p.maxPixels(),
        p.apiRequestsPerMinute(),
        p.maxConcurrentJobs(),
        min,
        max,
        def);
  }

  @Test
  @DisplayName(
      "B-04 B-07 B-18 the shipped plans: free, pro and enterprise with their limits and retention ranges")
  void shippedPlans() throws Exception {
    PlanCatalog catalog = PlanCatalog.of(shipped(), policy());
    assertThat(catalog.plans()).extracting(Plan::id).containsExactly("free", "pro", "enterprise");
    Plan free = catalog.plan("free").orElseThrow();
    Plan pro = catalog.plan("pro").orElseThrow();
    Plan enterprise = catalog.plan("enterprise").orElseThrow();
    assertThat(free.paid()).isFalse();
    assertThat(pro.paid()).isTrue();
    assertThat(free.retentionMin()).isEqualTo(PolicyDuration.parse("P7D"));
    assertThat(free.retentionMax()).isEqualTo(PolicyDuration.parse("P30D"));
    assertThat(free.retentionDefault()).isEqualTo(PolicyDuration.parse("P7D"));
    assertThat(pro.retentionMax()).isEqualTo(PolicyDuration.parse("P1Y"));
    assertThat(enterprise.retentionMax()).as("permanent").isNull();
    assertThat(enterprise.permanentAllowed()).isTrue();
    assertThat(free.allowsRetention(null)).isFalse();
    assertThat(free.allowsRetention(PolicyDuration.parse("P31D"))).isFalse();
    assertThat(pro.allowsRetention(PolicyDuration.parse("P6M"))).isTrue();
    assertThat(free.maxUploadBytes()).isEqualTo(DataSize.ofMegabytes(10).toBytes());
    assertThat(pro.monthlyCredits()).isGreaterThan(free.monthlyCredits());
    assertThat(enterprise.apiRequestsPerMinute()).isGreaterThan(pro.apiRequestsPerMinute());
    assertThat(pro.maxConcurrentJobs()).isGreaterThan(free.maxConcurrentJobs());
    assertThat(catalog.packs()).isNotEmpty().allMatch(p -> p.credits() > 0 && p.priceCents() > 0);
  }

  @Test
  @DisplayName(
      "B-18 a plan keeping images shorter than the policy allows stops the start, naming the setting")
  void retentionBelowThePolicy() throws Exception {
    PlanSettings s = withPlan(shipped(), "free", p -> retention(p, "P1D", "P30D", "P7D"));
    assertThatThrownBy(() -> PlanCatalog.of(s, policy()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pledge.studio.plans.free.retention-min is P1D")
        .hasMessageContaining("user.content.source_images")
        .hasMessageContaining("P7D");
  }

  @Test
  @DisplayName("B-18 a plan keeping images longer than the policy allows stops the start")
  void retentionAboveThePolicy() throws Exception {
    String yaml =
        Files.readString(POLICY)
            .replace(
                "period: {min: P7D, max: permanent, default: P30D, chosen-by: plan}",
                "period: {min: P7D, max: P2Y, default: P30D, chosen-by: plan}");
    assertThat(yaml).contains("max: P2Y");
    Policy shorter = PolicyLoader.parse(yaml, "image-studio.yaml").policy();
    assertThatThrownBy(() -> PlanCatalog.of(shipped(), shorter))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pledge.studio.plans.enterprise.retention-max is permanent")
        .hasMessageContaining("P2Y");
  }

  @Test
  @DisplayName("bad plan settings are refused with the setting and the fix")
  void badSettings() throws Exception {
    PlanSettings shipped = shipped();
    assertThatThrownBy(
            () ->
                PlanCatalog.of(
                    withPlan(shipped, "pro", p -> retention(p, "P7D", "P30D", "P90D")), policy()))
        .hasMessageContaining("pledge.studio.plans.pro.retention-default (P90D) is outside");
    assertThatThrownBy(
            () ->
                PlanCatalog.of(
                    withPlan(shipped, "pro", p -> retention(p, "P7D", "one year", "P30D")),
                    policy()))
        .hasMessageContaining("pledge.studio.plans.pro.retention-max is 'one year'")
        .hasMessageContaining("ISO-8601");
    assertThatThrownBy(
            () ->
                PlanCatalog.of(
                    withPlan(
                        shipped,
                        "pro",
                        p ->
                            new PlanSettings.PlanSpec(
                                p.name(),
                                null,
                                p.priceCents(),
                                p.currency(),
                                p.maxUploadBytes(),
                                p.maxPixels(),
                                p.apiRequestsPerMinute(),
                                p.maxConcurrentJobs(),
                                p.retentionMin(),
                                p.retentionMax(),
                                p.retentionDefault())),
                    policy()))
        .hasMessageContaining("pledge.studio.plans.pro.monthly-credits is missing");
    assertThatThrownBy(
            () ->
                PlanCatalog.of(
                    withPlan(
                        shipped,
                        "pro",
                        p ->
                            new PlanSettings.PlanSpec(
                                p.name(),
                                p.monthlyCredits(),
                                p.priceCents(),
                                "euro",
                                p.maxUploadBytes(),
                                p.maxPixels(),
                                p.apiRequestsPerMinute(),
                                p.maxConcurrentJobs(),
                                p.retentionMin(),
                                p.retentionMax(),
                                p.retentionDefault())),
                    policy()))
        .hasMessageContaining("pledge.studio.plans.pro.currency is 'euro'");
    Map<String, PlanSettings.PlanSpec> noFree = new LinkedHashMap<>(shipped.plans());
    noFree.remove("free");
    assertThatThrownBy(() -> PlanCatalog.of(new PlanSettings(noFree, Map.of()), policy()))
        .hasMessageContaining("no plan 'free'");
  }
}
