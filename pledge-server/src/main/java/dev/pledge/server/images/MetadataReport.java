package dev.pledge.server.images;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.ExifThumbnailDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.iptc.IptcDirectory;
import com.drew.metadata.jpeg.JpegCommentDirectory;
import com.drew.metadata.photoshop.PhotoshopDirectory;
import com.drew.metadata.xmp.XmpDirectory;
import java.io.ByteArrayInputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what an upload's metadata held, in the kinds a person understands ("GPS position", "camera
 * serial number", "2 thumbnails"), read with metadata-extractor from the original bytes before they
 * are cleaned. Only kinds and counts are kept, never the values.
 */
final class MetadataReport {

  private static final Logger log = LoggerFactory.getLogger(MetadataReport.class);

  private static final int TAG_CAMERA_OWNER = 0xa430;
  private static final int TAG_BODY_SERIAL = 0xa431;
  private static final int TAG_LENS_MAKE = 0xa433;
  private static final int TAG_LENS_MODEL = 0xa434;
  private static final int TAG_LENS_SERIAL = 0xa435;

  private MetadataReport() {}

  /** Adds to {@code removed} what metadata-extractor finds in {@code original}. */
  static void describe(byte[] original, RemovedMetadata removed) {
    Metadata metadata;
    try {
      metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(original));
    } catch (Exception | StackOverflowError e) {
      // The structure was already checked and cleaned; only the description is poorer.
      log.debug("Metadata could not be described: {}", e.getClass().getSimpleName());
      return;
    }
    boolean specific = false; // kept for readability of the branches below
    for (Directory d : metadata.getDirectories()) {
      if (d instanceof GpsDirectory gps) {
        if (gps.getGeoLocation() != null || gps.getTagCount() > 1) {
          removed.found("gps");
          specific = true;
        }
      } else if (d instanceof ExifIFD0Directory ifd0) {
        specific |= found(ifd0, ExifIFD0Directory.TAG_MAKE, "camera", removed);
        specific |= found(ifd0, ExifIFD0Directory.TAG_MODEL, "camera", removed);
        specific |= found(ifd0, ExifIFD0Directory.TAG_ARTIST, "owner", removed);
        specific |= found(ifd0, ExifIFD0Directory.TAG_COPYRIGHT, "owner", removed);
        specific |= found(ifd0, ExifIFD0Directory.TAG_SOFTWARE, "software", removed);
        specific |= found(ifd0, ExifIFD0Directory.TAG_DATETIME, "date", removed);
      } else if (d instanceof ExifSubIFDDirectory sub) {
        specific |= found(sub, TAG_BODY_SERIAL, "camera-serial", removed);
        specific |= found(sub, TAG_LENS_SERIAL, "camera-serial", removed);
        specific |= found(sub, TAG_CAMERA_OWNER, "owner", removed);
        specific |= found(sub, TAG_LENS_MAKE, "lens", removed);
        specific |= found(sub, TAG_LENS_MODEL, "lens", removed);
        specific |= found(sub, ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL, "date", removed);
      } else if (d instanceof ExifThumbnailDirectory thumb) {
        if (thumb.containsTag(ExifThumbnailDirectory.TAG_THUMBNAIL_OFFSET)
            || thumb.containsTag(ExifThumbnailDirectory.TAG_THUMBNAIL_LENGTH)) {
          removed.add("thumbnail", 1);
          specific = true;
        }
      } else if (d instanceof XmpDirectory) {
        removed.found("xmp");
      } else if (d instanceof IptcDirectory || d instanceof PhotoshopDirectory) {
        removed.found("iptc");
      } else if (d instanceof JpegCommentDirectory) {
        removed.found("comment");
      } else if (d.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("makernote")) {
        removed.found("maker-notes");
        specific = true;
        for (Tag t : d.getTags()) {
          if (t.getTagName() != null
              && t.getTagName().toLowerCase(Locale.ROOT).contains("serial")) {
            removed.found("camera-serial");
          }
        }
      }
    }
  }

  private static boolean found(Directory d, int tag, String kind, RemovedMetadata removed) {
    String value = d.getString(tag);
    if (value != null && !value.isBlank()) {
      removed.found(kind);
      return true;
    }
    return false;
  }
}
