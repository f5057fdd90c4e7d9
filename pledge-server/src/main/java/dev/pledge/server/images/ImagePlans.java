package dev.pledge.server.images;

import java.util.List;

/**
 * What an account's plan allows for images: upload bytes and pixels, and the retention choices
 * within the policy's range. The billing module's plans replace the default ({@link
 * DefaultImagePlans}) when they land.
 */
interface ImagePlans {

  ImageLimits limits(String accountId);

  /**
   * The retention choices the account may make for an image, as ISO-8601 periods and {@code
   * permanent}, shortest first; {@code default} is always allowed besides.
   */
  List<String> retentionChoices(String accountId);
}
