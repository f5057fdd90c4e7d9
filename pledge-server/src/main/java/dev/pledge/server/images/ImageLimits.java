package dev.pledge.server.images;

/**
 * What one image may be, from the plan (bytes and pixels) and from the studio's own bounds (the
 * longest side and the aspect ratio, which no plan raises: a 1 × 100000 image has few pixels, and
 * is still refused).
 *
 * @param maxBytes the most bytes an upload may have
 * @param maxPixels the most pixels (width × height)
 */
record ImageLimits(long maxBytes, long maxPixels) {

  /** No side longer than this, whatever the plan. */
  static final int MAX_SIDE = 16_384;

  /** No side more than this many times the other. */
  static final int MAX_ASPECT = 50;

  /** Checks dimensions read from a header, before any decoding. */
  void checkDimensions(long width, long height) {
    if (width <= 0 || height <= 0) {
      throw new ImageRefused("images.upload.no-size");
    }
    if (width > MAX_SIDE || height > MAX_SIDE) {
      throw new ImageRefused("images.upload.side", width, height, MAX_SIDE);
    }
    if (width > height * MAX_ASPECT || height > width * MAX_ASPECT) {
      throw new ImageRefused("images.upload.aspect", width, height, MAX_ASPECT);
    }
    if (width * height > maxPixels) {
      throw new ImageRefused(
          "images.upload.pixels", width, height, megapixels(width * height), megapixels(maxPixels));
    }
  }

  static String megapixels(long pixels) {
    return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1_000_000.0);
  }
}
