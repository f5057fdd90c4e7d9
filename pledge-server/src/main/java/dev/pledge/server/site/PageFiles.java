package dev.pledge.server.site;

import java.util.List;
import java.util.Locale;

/** Which files in a content directory are pages, and of what kind; everything else is an asset. */
final class PageFiles {

  /** How a page file is written. */
  enum Kind {
    MARKDOWN(".md"),
    HTML(".html");

    final String extension;

    Kind(String extension) {
      this.extension = extension;
    }
  }

  /** Lookup order when a clean URL could name more than one file. */
  static final List<Kind> KINDS = List.of(Kind.MARKDOWN, Kind.HTML);

  private PageFiles() {}

  static boolean isPage(String fileName) {
    return kindOf(fileName) != null;
  }

  /** The kind of page a file name denotes, or {@code null} for an asset. */
  static Kind kindOf(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (Kind kind : KINDS) {
      if (lower.endsWith(kind.extension) && lower.length() > kind.extension.length()) {
        return kind;
      }
    }
    return null;
  }

  /** A readable name for a file or folder: {@code colour-spaces} → {@code Colour spaces}. */
  static String humanize(String name) {
    String words = withoutExtension(name).replace('-', ' ').replace('_', ' ').strip();
    return words.isEmpty()
        ? name
        : words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
  }

  static String withoutExtension(String fileName) {
    Kind kind = kindOf(fileName);
    return kind == null
        ? fileName
        : fileName.substring(0, fileName.length() - kind.extension.length());
  }
}
