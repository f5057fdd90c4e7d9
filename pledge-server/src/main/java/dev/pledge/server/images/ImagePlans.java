package dev.pledge.server.images;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.server.billing.Plan;
import dev.pledge.server.billing.Plans;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What an account's plan (billing's {@link Plans}) allows for images: upload bytes and pixels, and
 * the retention an image may be given (B-18, B-19), within the policy's range.
 */
@Component
class ImagePlans {

  /** The periods offered, shortest first; each shown when the plan allows it. */
  static final List<String> CHOICES = List.of("P7D", "P30D", "P90D", "P1Y", "P3Y", "permanent");

  private final Plans plans;

  ImagePlans(Plans plans) {
    this.plans = plans;
  }

  ImageLimits limits(String accountId) {
    Plan p = plans.of(accountId);
    return new ImageLimits(p.maxUploadBytes(), p.maxPixels());
  }

  /** The retention choices the account's plan allows, besides {@code default}. */
  List<String> retentionChoices(String accountId) {
    Plan p = plans.of(accountId);
    List<String> out = new ArrayList<>();
    for (String c : CHOICES) {
      if (c.equals("permanent")
          ? p.permanentAllowed()
          : p.allowsRetention(PolicyDuration.parse(c))) {
        out.add(c);
      }
    }
    return out;
  }

  /** The plan's default period, as ISO-8601, or null for permanent. */
  String defaultRetention(String accountId) {
    PolicyDuration d = plans.of(accountId).retentionDefault();
    return d == null ? null : d.text();
  }
}
