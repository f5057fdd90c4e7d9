package dev.pledge.server.images;

import java.util.Locale;
import java.util.Optional;

/** The image formats the studio takes and makes, told apart by their first bytes. */
enum ImageFormat {
  PNG("image/png", "png"),
  JPEG("image/jpeg", "jpg"),
  WEBP("image/webp", "webp");

  private final String mediaType;
  private final String extension;

  ImageFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  String mediaType() {
    return mediaType;
  }

  String extension() {
    return extension;
  }

  /** The format whose signature {@code head} starts with; empty for anything else. */
  static Optional<ImageFormat> sniff(byte[] head, int length) {
    if (length >= 8
        && (head[0] & 0xff) == 0x89
        && head[1] == 'P'
        && head[2] == 'N'
        && head[3] == 'G'
        && head[4] == 0x0d
        && head[5] == 0x0a
        && head[6] == 0x1a
        && head[7] == 0x0a) {
      return Optional.of(PNG);
    }
    if (length >= 3
        && (head[0] & 0xff) == 0xff
        && (head[1] & 0xff) == 0xd8
        && (head[2] & 0xff) == 0xff) {
      return Optional.of(JPEG);
    }
    if (length >= 12
        && head[0] == 'R'
        && head[1] == 'I'
        && head[2] == 'F'
        && head[3] == 'F'
        && head[8] == 'W'
        && head[9] == 'E'
        && head[10] == 'B'
        && head[11] == 'P') {
      return Optional.of(WEBP);
    }
    return Optional.empty();
  }

  static Optional<ImageFormat> ofMediaType(String type) {
    if (type == null) {
      return Optional.empty();
    }
    for (ImageFormat f : values()) {
      if (f.mediaType.equalsIgnoreCase(type.strip())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The format a file name's extension claims, if any it knows. */
  static Optional<ImageFormat> ofFileName(String name) {
    if (name == null || name.lastIndexOf('.') < 0) {
      return Optional.empty();
    }
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return switch (ext) {
      case "png" -> Optional.of(PNG);
      case "jpg", "jpeg", "jpe", "jfif" -> Optional.of(JPEG);
      case "webp" -> Optional.of(WEBP);
      default -> Optional.empty();
    };
  }
}
