package dev.pledge.server.images;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.server.billing.Plan;
import dev.pledge.server.billing.Plans;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.web.servlet.MultipartProperties;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
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
  private final org.springframework.beans.factory.ObjectProvider<MultipartProperties> uploads;

  // A provider: the CLI's maintenance context has no web server, so no multipart settings either,
  // and must still start (pledge audit verify, pledge retention plan).
  ImagePlans(
      Plans plans, org.springframework.beans.factory.ObjectProvider<MultipartProperties> uploads) {
    this.plans = plans;
    this.uploads = uploads;
  }

  /**
   * Every plan's uploads must fit through the server's ceiling for a request's file: otherwise a
   * plan would promise sizes the server refuses before anyone checks the plan. Refuses to start,
   * naming the setting.
   */
  @EventListener(ApplicationStartedEvent.class)
  void plansFitTheUploadCeiling() {
    MultipartProperties multipart = uploads.getIfAvailable();
    if (multipart == null) {
      return; // no web server: nothing is uploaded
    }
    long ceiling = multipart.getMaxFileSize().toBytes();
    for (Plan p : plans.all()) {
      if (ceiling >= 0 && p.maxUploadBytes() > ceiling) {
        throw new IllegalStateException(
            "The plan '"
                + p.id()
                + "' takes uploads of "
                + p.maxUploadBytes()
                + " bytes, but spring.servlet.multipart.max-file-size is "
                + ceiling
                + " bytes: raise spring.servlet.multipart.max-file-size (and max-request-size and"
                + " file-size-threshold) to at least the largest plan's max-upload-bytes");
      }
    }
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
