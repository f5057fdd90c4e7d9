package dev.pledge.server.billing;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.RetentionPeriod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The plans and credit packs of the configuration, checked once: every value present and sensible,
 * and every plan's image retention range inside the policy's range for source images — a plan must
 * never promise to keep images longer (or delete them sooner) than the published policy says.
 * Anything wrong stops the start with a message naming the setting and how to fix it.
 */
final class PlanCatalog {

  /** The plan of every account that chose none. */
  static final String FREE = "free";

  /** The category whose retention the plans choose within (B-18: 7 days to permanent). */
  static final String SOURCE_IMAGES = "user.content.source_images";

  static final String PERMANENT = "permanent";

  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");

  private final List<Plan> plans;
  private final List<CreditPack> packs;

  private PlanCatalog(List<Plan> plans, List<CreditPack> packs) {
    this.plans = plans;
    this.packs = packs;
  }

  List<Plan> plans() {
    return plans;
  }

  List<CreditPack> packs() {
    return packs;
  }

  Optional<Plan> plan(String id) {
    return plans.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  Plan free() {
    return plan(FREE).orElseThrow();
  }

  Optional<CreditPack> pack(String id) {
    return packs.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /**
   * Checks the settings against {@code policy}.
   *
   * @throws IllegalStateException naming the first setting that is wrong, and how to fix it
   */
  static PlanCatalog of(PlanSettings settings, Policy policy) {
    Optional<RetentionPeriod> range =
        policy
            .category(SOURCE_IMAGES)
            .filter(c -> c.collected() == DataCategory.Collected.YES)
            .map(DataCategory::retention)
            .map(r -> r.period());
    List<Plan> plans = new ArrayList<>();
    for (Map.Entry<String, PlanSettings.PlanSpec> e : settings.plans().entrySet()) {
      plans.add(plan(e.getKey(), e.getValue(), range.orElse(null)));
    }
    if (plans.stream().noneMatch(p -> p.id().equals(FREE))) {
      throw new IllegalStateException(
          "pledge.studio.plans has no plan 'free': every account starts on it. Add"
              + " pledge.studio.plans.free (application.yaml shows one)");
    }
    Plan free = plans.stream().filter(p -> p.id().equals(FREE)).findFirst().orElseThrow();
    if (free.paid()) {
      throw new IllegalStateException(
          "pledge.studio.plans.free.price-cents is "
              + free.priceCents()
              + ": the plan every account starts on must cost nothing; set it to 0");
    }
    plans.sort(Comparator.comparingLong(Plan::priceCents).thenComparing(Plan::id));
    List<CreditPack> packs = new ArrayList<>();
    for (Map.Entry<String, PlanSettings.PackSpec> e : settings.creditPacks().entrySet()) {
      packs.add(pack(e.getKey(), e.getValue()));
    }
    packs.sort(Comparator.comparingLong(CreditPack::credits));
    return new PlanCatalog(List.copyOf(plans), List.copyOf(packs));
  }

  private static Plan plan(String id, PlanSettings.PlanSpec s, RetentionPeriod range) {
    String at = "pledge.studio.plans." + id;
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException(
          at + ": a plan's key is lower-case letters, digits and dashes (for example 'pro')");
    }
    if (s == null) {
      throw new IllegalStateException(
          at + " is empty: give it the settings application.yaml shows");
    }
    String name = required(at, "name", s.name());
    if (name.isBlank()) {
      throw new IllegalStateException(at + ".name is blank: give the plan a name people see");
    }
    long credits =
        atLeast(at, "monthly-credits", required(at, "monthly-credits", s.monthlyCredits()), 0);
    long price = atLeast(at, "price-cents", required(at, "price-cents", s.priceCents()), 0);
    String currency = currency(at, required(at, "currency", s.currency()));
    long upload =
        atLeast(
            at,
            "max-upload-bytes",
            required(at, "max-upload-bytes", s.maxUploadBytes()).toBytes(),
            1);
    long pixels = atLeast(at, "max-pixels", required(at, "max-pixels", s.maxPixels()), 1);
    int rpm =
        (int)
            atLeast(
                at,
                "api-requests-per-minute",
                required(at, "api-requests-per-minute", s.apiRequestsPerMinute()),
                1);
    int jobs =
        (int)
            atLeast(
                at,
                "max-concurrent-jobs",
                required(at, "max-concurrent-jobs", s.maxConcurrentJobs()),
                1);
    PolicyDuration min =
        duration(at, "retention-min", required(at, "retention-min", s.retentionMin()), false);
    PolicyDuration max =
        duration(at, "retention-max", required(at, "retention-max", s.retentionMax()), true);
    PolicyDuration def =
        duration(
            at, "retention-default", required(at, "retention-default", s.retentionDefault()), true);
    if (max != null && min.compareTo(max) > 0) {
      throw new IllegalStateException(
          at + ": retention-min (" + min + ") is longer than retention-max (" + max + ")");
    }
    if (def == null
        ? max != null
        : def.compareTo(min) < 0 || (max != null && def.compareTo(max) > 0)) {
      throw new IllegalStateException(
          at
              + ".retention-default ("
              + (def == null ? PERMANENT : def)
              + ") is outside the plan's range "
              + min
              + " to "
              + (max == null ? PERMANENT : max)
              + ": choose a default within it");
    }
    if (range != null) {
      withinPolicy(at, min, max, range);
    }
    return new Plan(
        id, name.strip(), credits, price, currency, upload, pixels, rpm, jobs, min, max, def);
  }

  /** The plan's range must lie inside what the policy publishes for source images. */
  private static void withinPolicy(
      String at, PolicyDuration min, PolicyDuration max, RetentionPeriod policy) {
    PolicyDuration policyMin;
    PolicyDuration policyMax;
    switch (policy.kind()) {
      case RANGE -> {
        policyMin = policy.min();
        policyMax = policy.max();
      }
      case FIXED -> {
        policyMin = policy.fixed();
        policyMax = policy.fixed();
      }
      default -> {
        policyMin = null;
        policyMax = null;
      }
    }
    String published =
        "the policy keeps "
            + SOURCE_IMAGES
            + " for "
            + (policy.kind() == RetentionPeriod.Kind.PERMANENT
                ? PERMANENT
                : (policyMin == null ? "0" : policyMin.text())
                    + " to "
                    + (policyMax == null ? PERMANENT : policyMax.text()));
    if (policy.kind() == RetentionPeriod.Kind.PERMANENT) {
      if (max != null) {
        throw new IllegalStateException(
            at + ".retention-max is " + max + ", but " + published + ": set it to permanent");
      }
      return;
    }
    if (policyMin != null && min.compareTo(policyMin) < 0) {
      throw new IllegalStateException(
          at
              + ".retention-min is "
              + min
              + ", shorter than "
              + published
              + ": set it to "
              + policyMin
              + " or longer, or change the policy");
    }
    if (policyMax != null && (max == null || max.compareTo(policyMax) > 0)) {
      throw new IllegalStateException(
          at
              + ".retention-max is "
              + (max == null ? PERMANENT : max)
              + ", longer than "
              + published
              + ": set it to "
              + policyMax
              + " or shorter, or change the policy");
    }
  }

  private static CreditPack pack(String id, PlanSettings.PackSpec s) {
    String at = "pledge.studio.credit-packs." + id;
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException(
          at + ": a pack's key is lower-case letters, digits and dashes (for example 'small')");
    }
    if (s == null) {
      throw new IllegalStateException(at + " is empty: give it credits, price-cents and currency");
    }
    long credits = atLeast(at, "credits", required(at, "credits", s.credits()), 1);
    long price = atLeast(at, "price-cents", required(at, "price-cents", s.priceCents()), 1);
    return new CreditPack(id, credits, price, currency(at, required(at, "currency", s.currency())));
  }

  private static <T> T required(String at, String key, T value) {
    if (value == null) {
      throw new IllegalStateException(
          at
              + "."
              + key
              + " is missing: every plan needs it (application.yaml shows each setting)");
    }
    return value;
  }

  private static long atLeast(String at, String key, long value, long min) {
    if (value < min) {
      throw new IllegalStateException(
          at + "." + key + " is " + value + ": it must be at least " + min);
    }
    return value;
  }

  private static String currency(String at, String code) {
    String c = code.strip().toUpperCase(java.util.Locale.ROOT);
    try {
      Currency.getInstance(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          at + ".currency is '" + code + "': write an ISO 4217 code such as EUR or USD");
    }
    return c;
  }

  private static PolicyDuration duration(
      String at, String key, String text, boolean permanentAllowed) {
    String t = text.strip();
    if (t.equalsIgnoreCase(PERMANENT)) {
      if (!permanentAllowed) {
        throw new IllegalStateException(
            at + "." + key + " cannot be permanent: give a duration such as P7D");
      }
      return null;
    }
    PolicyDuration d = PolicyDuration.parseOrNull(t);
    if (d == null || d.approximate().isZero()) {
      throw new IllegalStateException(
          at
              + "."
              + key
              + " is '"
              + text
              + "': write an ISO-8601 duration such as P7D, P30D or P1Y"
              + (permanentAllowed ? ", or permanent" : ""));
    }
    return d;
  }
}
