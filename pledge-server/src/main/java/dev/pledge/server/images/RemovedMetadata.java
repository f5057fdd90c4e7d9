package dev.pledge.server.images;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was removed from an upload, as kinds with counts ("GPS position", "2 thumbnails"), in the
 * order a person cares about. Kept with the image as {@code kind:count} pairs.
 */
final class RemovedMetadata {

  /** The kinds, most personal first; each has a message {@code images.removed.{kind}}. */
  static final List<String> KINDS =
      List.of(
          "gps",
          "camera-serial",
          "owner",
          "camera",
          "lens",
          "date",
          "software",
          "thumbnail",
          "embedded-image",
          "xmp",
          "iptc",
          "comment",
          "maker-notes",
          "text",
          "exif",
          "other");

  private final Map<String, Integer> counts = new LinkedHashMap<>();

  void add(String kind, int n) {
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("unknown kind of metadata: " + kind);
    }
    if (n > 0) {
      counts.merge(kind, n, Integer::sum);
    }
  }

  /** Marks a kind as found once, however often it is seen. */
  void found(String kind) {
    if (!counts.containsKey(kind)) {
      add(kind, 1);
    }
  }

  int count(String kind) {
    return counts.getOrDefault(kind, 0);
  }

  boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Kind → count, in the order of {@link #KINDS}. */
  Map<String, Integer> counts() {
    Map<String, Integer> ordered = new LinkedHashMap<>();
    for (String k : KINDS) {
      if (counts.containsKey(k)) {
        ordered.put(k, counts.get(k));
      }
    }
    return ordered;
  }

  String encode() {
    List<String> parts = new ArrayList<>();
    counts().forEach((k, v) -> parts.add(k + ":" + v));
    return String.join(",", parts);
  }

  static RemovedMetadata decode(String text) {
    RemovedMetadata r = new RemovedMetadata();
    if (text == null || text.isBlank()) {
      return r;
    }
    for (String part : text.split(",")) {
      int colon = part.indexOf(':');
      if (colon > 0) {
        String kind = part.substring(0, colon);
        if (KINDS.contains(kind)) {
          r.add(kind, Integer.parseInt(part.substring(colon + 1)));
        }
      }
    }
    return r;
  }

  @Override
  public String toString() {
    return encode();
  }
}
