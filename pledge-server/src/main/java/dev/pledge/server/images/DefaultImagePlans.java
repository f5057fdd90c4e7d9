package dev.pledge.server.images;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Until plans exist: every account gets the configured limits ({@code
 * pledge.images.max-upload-bytes}, {@code pledge.images.max-pixels}) and every retention choice
 * within the policy's range for images.
 */
@Component
class DefaultImagePlans implements ImagePlans {

  static final List<String> CHOICES = List.of("P7D", "P30D", "P90D", "P1Y", "P3Y", "permanent");

  private final WorkerSettings settings;
  private final Studio studio;

  DefaultImagePlans(WorkerSettings settings, Studio studio) {
    this.settings = settings;
    this.studio = studio;
  }

  @Override
  public ImageLimits limits(String accountId) {
    return new ImageLimits(settings.maxUploadBytes(), settings.maxPixels());
  }

  @Override
  public List<String> retentionChoices(String accountId) {
    RetentionPeriod range =
        studio
            .policy()
            .category(ImageRecords.EDITED_CATEGORY)
            .map(c -> c.retention().period())
            .orElse(null);
    List<String> out = new ArrayList<>();
    for (String c : CHOICES) {
      if (range == null || range.kind() != RetentionPeriod.Kind.RANGE) {
        continue;
      }
      if (c.equals("permanent")) {
        if (range.max() == null) {
          out.add(c);
        }
        continue;
      }
      PolicyDuration d = PolicyDuration.parse(c);
      if ((range.min() == null || !shorter(d, range.min()))
          && (range.max() == null || !shorter(range.max(), d))) {
        out.add(c);
      }
    }
    return out;
  }

  private static boolean shorter(PolicyDuration a, PolicyDuration b) {
    java.time.LocalDateTime t = java.time.LocalDateTime.of(2000, 1, 1, 0, 0);
    return a.addTo(t).isBefore(b.addTo(t));
  }
}
