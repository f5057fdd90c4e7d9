package dev.pledge.server.images;

import java.util.Map;

/**
 * Metadata removal as the studio does it at the door (B-15), for callers outside the module (the
 * benchmarks, {@code bench/images}): the file is read from its structure (never decoded), checked,
 * and written again without EXIF (GPS included), XMP, IPTC, comments and thumbnails; JPEGs
 * losslessly by segment copy, keeping the colour profile and the orientation.
 */
public final class ImageCleaner {

  private ImageCleaner() {}

  /**
   * A cleaned file.
   *
   * @param bytes the file without its metadata
   * @param mediaType its media type
   * @param width its width in pixels
   * @param height its height in pixels
   * @param removed what was removed: kind → count ({@code gps}, {@code camera-serial}, {@code
   *     thumbnail} …)
   */
  public record Cleaned(
      byte[] bytes, String mediaType, int width, int height, Map<String, Integer> removed) {}

  /** Why a file was refused: a key of the images bundle ({@code images.upload.*}). */
  public static final class Refused extends Exception {
    Refused(String key) {
      super(key);
    }
  }

  /**
   * Cleans {@code bytes}, refusing anything above {@code maxBytes} or {@code maxPixels}.
   *
   * @param describe also name what was removed (reads the metadata with metadata-extractor first)
   * @throws Refused for a file the studio would refuse, with the reason
   */
  public static Cleaned clean(byte[] bytes, long maxBytes, long maxPixels, boolean describe)
      throws Refused {
    try {
      CleanImage c = ImageInspector.clean(bytes, new ImageLimits(maxBytes, maxPixels));
      if (describe) {
        MetadataReport.describe(bytes, c.removed());
      }
      return new Cleaned(
          c.bytes(), c.format().mediaType(), c.width(), c.height(), c.removed().counts());
    } catch (ImageRefused e) {
      throw new Refused(e.key());
    }
  }
}
