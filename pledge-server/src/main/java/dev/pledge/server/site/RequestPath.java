package dev.pledge.server.site;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The path a visitor asked for, split into decoded segments that are safe to look up under a
 * content root. Parsing is deliberately strict: anything that could name a file outside the root, a
 * hidden file, or the same file twice ({@code ..}, {@code .}, encoded slashes or backslashes, empty
 * segments, dotfiles, path parameters, control characters, malformed escapes) is refused, so the
 * resolver never has to reason about such paths at all.
 *
 * @param segments decoded path segments, none empty, none starting with a dot
 * @param trailingSlash whether the request ended with {@code /} (the root always does)
 */
record RequestPath(List<String> segments, boolean trailingSlash) {

  /** Deeper paths than this are not content anyone writes; refusing them bounds the work. */
  static final int MAX_SEGMENTS = 24;

  private static final int MAX_SEGMENT_LENGTH = 255;

  RequestPath {
    segments = List.copyOf(segments);
  }

  static final RequestPath ROOT = new RequestPath(List.of(), true);

  /**
   * Parses the raw (still percent-encoded) path below the context path, as sent by the client.
   *
   * @return empty when the path is not one the site could ever serve
   */
  static Optional<RequestPath> parse(String raw) {
    if (raw == null || raw.isEmpty() || raw.equals("/")) {
      return Optional.of(ROOT);
    }
    if (raw.charAt(0) != '/' || !raw.chars().allMatch(RequestPath::plainUrlCharacter)) {
      return Optional.empty();
    }
    boolean trailingSlash = raw.endsWith("/");
    String body = raw.substring(1, trailingSlash ? raw.length() - 1 : raw.length());
    String[] parts = body.split("/", -1);
    if (parts.length > MAX_SEGMENTS) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>(parts.length);
    for (String part : parts) {
      Optional<String> decoded = decode(part).filter(RequestPath::acceptable);
      if (decoded.isEmpty()) {
        return Optional.empty();
      }
      segments.add(decoded.get());
    }
    return Optional.of(new RequestPath(segments, trailingSlash));
  }

  boolean isRoot() {
    return segments.isEmpty();
  }

  String last() {
    return segments.get(segments.size() - 1);
  }

  /** The path without a trailing slash, re-encoded the way the site writes its own links. */
  String canonicalUrl() {
    return SiteUrls.of(segments);
  }

  /**
   * Printable ASCII only (clients percent-encode everything else), and neither a backslash, which
   * some servers treat as a separator, nor a semicolon, which starts path parameters that hide
   * segments like {@code ..;}.
   */
  private static boolean plainUrlCharacter(int c) {
    return c > 0x20 && c < 0x7f && c != '\\' && c != ';';
  }

  private static boolean acceptable(String segment) {
    if (segment.isEmpty() || segment.length() > MAX_SEGMENT_LENGTH || segment.charAt(0) == '.') {
      return false;
    }
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      // A decoded slash or backslash would smuggle a separator past the split above; a colon
      // could name a drive or a URL scheme; control characters name nothing legitimate.
      if (c == '/' || c == '\\' || c == ':' || c < 0x20 || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Strict percent-decoding: a malformed escape or invalid UTF-8 refuses the whole path. */
  private static Optional<String> decode(String part) {
    if (part.indexOf('%') < 0) {
      return Optional.of(part);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        if (i + 2 >= part.length()) {
          return Optional.empty();
        }
        int high = Character.digit(part.charAt(i + 1), 16);
        int low = Character.digit(part.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
