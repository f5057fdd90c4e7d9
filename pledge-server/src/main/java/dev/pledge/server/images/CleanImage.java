package dev.pledge.server.images;

/**
 * An image as the studio keeps it: checked from its structure, its metadata removed, everything
 * needed to show it right kept (colour profile, orientation).
 *
 * @param format its format (from its bytes, not its name)
 * @param width its width in pixels, as stored (before orientation)
 * @param height its height in pixels, as stored
 * @param orientation the EXIF orientation kept for a JPEG (1-8; 1 when upright or not JPEG)
 * @param bytes the cleaned file
 * @param removed what was removed
 */
record CleanImage(
    ImageFormat format,
    int width,
    int height,
    int orientation,
    byte[] bytes,
    RemovedMetadata removed) {

  /** The width as shown, after orientation. */
  int shownWidth() {
    return orientation >= 5 ? height : width;
  }

  int shownHeight() {
    return orientation >= 5 ? width : height;
  }
}
