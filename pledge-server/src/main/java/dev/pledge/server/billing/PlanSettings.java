package dev.pledge.server.billing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The plans and credit packs under {@code pledge.studio.plans.*} and {@code
 * pledge.studio.credit-packs.*} (defaults in {@code application.yaml}). Fields are boxed so that a
 * missing one is reported by name instead of becoming 0; {@link Plans} checks them at start-up.
 */
@ConfigurationProperties("pledge.studio")
record PlanSettings(Map<String, PlanSpec> plans, Map<String, PackSpec> creditPacks) {

  PlanSettings {
    plans = plans == null ? Map.of() : new LinkedHashMap<>(plans);
    creditPacks = creditPacks == null ? Map.of() : new LinkedHashMap<>(creditPacks);
  }

  /** One plan as configured. */
  record PlanSpec(
      String name,
      Long monthlyCredits,
      Long priceCents,
      String currency,
      DataSize maxUploadBytes,
      Long maxPixels,
      Integer apiRequestsPerMinute,
      Integer maxConcurrentJobs,
      String retentionMin,
      String retentionMax,
      String retentionDefault) {}

  /** A pack of credits bought once. */
  record PackSpec(Long credits, Long priceCents, String currency) {}
}
