package dev.pledge.server.images;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads an image's structure — never its pixels — and writes it again without its metadata (B-15):
 * the size comes from the header and is checked against the limits before anything is decoded
 * (decompression bombs), the file must be whole (truncated files), its bytes must be the format
 * they claim (wrong extensions do not matter: the bytes decide), and nothing of another format may
 * ride along (polyglots). JPEGs are cleaned by copying segments, never re-encoded (lossless); the
 * colour profile stays, and so does the orientation (a minimal EXIF with that one tag), so the
 * picture still looks right.
 */
final class ImageInspector {

  /** Signatures of other formats that make an image a polyglot when found in what is dropped. */
  private static final byte[][] FOREIGN = {
    ascii("PK\u0003\u0004"),
    ascii("%PDF"),
    ascii("<html"),
    ascii("<HTML"),
    ascii("<script"),
    ascii("<SCRIPT"),
    ascii("<?php"),
    ascii("<svg"),
    ascii("#!/"),
    ascii("\u007fELF"),
    ascii("<!DOCTYPE"),
    ascii("<!doctype"),
    ascii("Rar!")
  };

  /** The most an embedded colour profile may inflate to. */
  private static final int MAX_ICC = 4 << 20;

  private ImageInspector() {}

  /**
   * Checks and cleans {@code bytes}.
   *
   * @throws ImageRefused saying what is wrong, in words for the person
   */
  static CleanImage clean(byte[] bytes, ImageLimits limits) {
    if (bytes.length == 0) {
      throw new ImageRefused("images.upload.empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new ImageRefused(
          "images.upload.too-large", megabytes(bytes.length), megabytes(limits.maxBytes()));
    }
    ImageFormat format =
        ImageFormat.sniff(bytes, bytes.length)
            .orElseThrow(() -> new ImageRefused("images.upload.not-image"));
    RemovedMetadata removed = new RemovedMetadata();
    return switch (format) {
      case JPEG -> new Jpeg(bytes, limits, removed).clean();
      case PNG -> new Png(bytes, limits, removed).clean();
      case WEBP -> new Webp(bytes, limits, removed).clean();
    };
  }

  /** Only the header: format and size, checked against the limits. */
  static CleanImage check(byte[] bytes, ImageLimits limits) {
    return clean(bytes, limits);
  }

  static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Refuses when {@code bytes[from, to)} holds another format's signature. */
  static void refuseForeign(byte[] bytes, int from, int to) {
    for (byte[] sig : FOREIGN) {
      if (indexOf(bytes, sig, from, to) >= 0) {
        throw new ImageRefused("images.upload.polyglot");
      }
    }
  }

  static int indexOf(byte[] hay, byte[] needle, int from, int to) {
    outer:
    for (int i = Math.max(0, from); i <= to - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static boolean startsWith(byte[] b, int at, String ascii) {
    if (at + ascii.length() > b.length) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (b[at + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static int u16be(byte[] b, int i) {
    return ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
  }

  static long u32be(byte[] b, int i) {
    return ((long) (b[i] & 0xff) << 24)
        | ((b[i + 1] & 0xff) << 16)
        | ((b[i + 2] & 0xff) << 8)
        | (b[i + 3] & 0xff);
  }

  static long u32le(byte[] b, int i) {
    return ((long) (b[i + 3] & 0xff) << 24)
        | ((b[i + 2] & 0xff) << 16)
        | ((b[i + 1] & 0xff) << 8)
        | (b[i] & 0xff);
  }

  static int u24le(byte[] b, int i) {
    return ((b[i + 2] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff);
  }

  /** Only the trailing bytes that are padding (zeros or 0xff) may follow an image's end. */
  static boolean padding(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0 && b[i] != (byte) 0xff) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------- JPEG

  private static final class Jpeg {
    private final byte[] b;
    private final ImageLimits limits;
    private final RemovedMetadata removed;
    private final ByteArrayOutputStream out;
    private int width = -1;
    private int height = -1;
    private int orientation = 1;
    private boolean scan;

    Jpeg(byte[] b, ImageLimits limits, RemovedMetadata removed) {
      this.b = b;
      this.limits = limits;
      this.removed = removed;
      this.out = new ByteArrayOutputStream(b.length);
    }

    CleanImage clean() {
      out.write(0xff);
      out.write(0xd8);
      int i = 2;
      boolean ended = false;
      while (i < b.length) {
        if ((b[i] & 0xff) != 0xff) {
          throw new ImageRefused("images.upload.corrupt", "JPEG");
        }
        while (i < b.length && (b[i] & 0xff) == 0xff) {
          i++; // fill bytes
        }
        if (i >= b.length) {
          break;
        }
        int marker = b[i] & 0xff;
        i++;
        if (marker == 0xd9) {
          ended = true;
          break;
        }
        if (marker == 0xd8 || marker == 0x00) {
          throw new ImageRefused("images.upload.corrupt", "JPEG");
        }
        if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
          out.write(0xff);
          out.write(marker);
          continue;
        }
        if (i + 2 > b.length) {
          throw new ImageRefused("images.upload.truncated", "JPEG");
        }
        int length = u16be(b, i);
        if (length < 2) {
          throw new ImageRefused("images.upload.corrupt", "JPEG");
        }
        int start = i + 2;
        int end = i + length;
        if (end > b.length) {
          throw new ImageRefused("images.upload.truncated", "JPEG");
        }
        segment(marker, start, end);
        i = end;
        if (marker == 0xda) {
          i = entropy(i);
        }
      }
      if (!ended) {
        throw new ImageRefused("images.upload.truncated", "JPEG");
      }
      if (width < 0 || !scan) {
        throw new ImageRefused("images.upload.corrupt", "JPEG");
      }
      out.write(0xff);
      out.write(0xd9);
      trailer(i);
      byte[] clean = out.toByteArray();
      if (orientation != 1) {
        clean = withOrientation(clean, orientation);
      }
      return new CleanImage(ImageFormat.JPEG, width, height, orientation, clean, removed);
    }

    private void copy(int marker, int start, int end) {
      out.write(0xff);
      out.write(marker);
      out.write(b, start - 2, end - start + 2);
    }

    private void segment(int marker, int start, int end) {
      boolean sof =
          marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
      if (sof) {
        if (end - start < 6) {
          throw new ImageRefused("images.upload.corrupt", "JPEG");
        }
        if (width >= 0) {
          throw new ImageRefused("images.upload.corrupt", "JPEG");
        }
        height = u16be(b, start + 1);
        width = u16be(b, start + 3);
        if (height == 0) {
          throw new ImageRefused("images.upload.no-size");
        }
        limits.checkDimensions(width, height);
        copy(marker, start, end);
        return;
      }
      switch (marker) {
        case 0xda -> {
          if (width < 0) {
            throw new ImageRefused("images.upload.corrupt", "JPEG");
          }
          scan = true;
          copy(marker, start, end);
        }
        case 0xc4, 0xdb, 0xdd, 0xcc, 0xdc -> copy(marker, start, end); // DHT DQT DRI DAC DNL
        case 0xe0 -> app0(start, end);
        case 0xe1 -> {
          if (startsWith(b, start, "Exif\0")) {
            exif(start + 6, end);
            removed.found("exif");
          } else if (startsWith(b, start, "http://ns.adobe.com/x")) {
            removed.found("xmp");
          } else {
            removed.found("other");
          }
        }
        case 0xe2 -> {
          if (startsWith(b, start, "ICC_PROFILE\0")) {
            copy(marker, start, end); // the colour profile stays
          } else if (startsWith(b, start, "MPF\0")) {
            removed.found("other");
          } else {
            removed.found("other");
          }
        }
        case 0xed -> removed.found("iptc");
        case 0xee -> {
          if (startsWith(b, start, "Adobe")) {
            copy(marker, start, end); // colour transform: needed to decode CMYK and YCCK
          } else {
            removed.found("other");
          }
        }
        case 0xfe -> {
          refuseForeign(b, start, end);
          removed.add("comment", 1);
        }
        default -> {
          if (marker >= 0xe0 && marker <= 0xef) {
            refuseForeign(b, start, end);
            removed.found("other");
          } else {
            throw new ImageRefused("images.upload.corrupt", "JPEG");
          }
        }
      }
    }

    /** JFIF stays without its thumbnail; JFXX (thumbnails only) goes. */
    private void app0(int start, int end) {
      if (startsWith(b, start, "JFIF\0") && end - start >= 14) {
        int tw = b[start + 12] & 0xff;
        int th = b[start + 13] & 0xff;
        out.write(0xff);
        out.write(0xe0);
        out.write(0);
        out.write(16);
        out.write(b, start, 12);
        out.write(0);
        out.write(0);
        if (tw * th > 0) {
          removed.add("thumbnail", 1);
        }
      } else if (startsWith(b, start, "JFXX\0")) {
        removed.add("thumbnail", 1);
      } else {
        removed.found("other");
      }
    }

    /** Reads the orientation and whether IFD1 holds a thumbnail (metadata-extractor names it). */
    private void exif(int tiff, int end) {
      if (end - tiff < 8) {
        return;
      }
      boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
      long ifd = read32(tiff + 4, little);
      if (ifd < 8 || tiff + ifd + 2 > end) {
        return;
      }
      int at = (int) (tiff + ifd);
      int entries = read16(at, little);
      for (int e = 0; e < entries; e++) {
        int entry = at + 2 + e * 12;
        if (entry + 12 > end) {
          return;
        }
        if (read16(entry, little) == 0x0112 && read16(entry + 2, little) == 3) {
          int o = read16(entry + 8, little);
          if (o >= 1 && o <= 8) {
            orientation = o;
          }
        }
      }
    }

    private int read16(int i, boolean little) {
      return little ? ((b[i + 1] & 0xff) << 8) | (b[i] & 0xff) : u16be(b, i);
    }

    private long read32(int i, boolean little) {
      return little ? u32le(b, i) : u32be(b, i);
    }

    /** Copies entropy-coded data up to the next marker that is not a restart or a stuffed byte. */
    private int entropy(int i) {
      int from = i;
      int n = b.length;
      while (i < n - 1) {
        if (b[i] == (byte) 0xff) {
          int next = b[i + 1] & 0xff;
          if (next == 0x00 || (next >= 0xd0 && next <= 0xd7)) {
            i += 2;
            continue;
          }
          if (next == 0xff) {
            i++;
            continue;
          }
          out.write(b, from, i - from);
          return i;
        }
        i++;
      }
      throw new ImageRefused("images.upload.truncated", "JPEG");
    }

    /** What follows the end: embedded images (MPF) and trailers go; another format refuses. */
    private void trailer(int from) {
      if (from >= b.length || padding(b, from)) {
        return;
      }
      refuseForeign(b, from, b.length);
      int images = 0;
      byte[] soi = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
      for (int at = indexOf(b, soi, from, b.length);
          at >= 0;
          at = indexOf(b, soi, at + 3, b.length)) {
        images++;
      }
      if (images > 0) {
        removed.add("embedded-image", images);
      } else {
        removed.found("other");
      }
    }
  }

  /**
   * {@code jpeg} (SOI first) with a minimal EXIF segment right after SOI that holds only the
   * orientation: viewers and browsers then show it upright, and nothing else of EXIF is left.
   */
  static byte[] withOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, IFD0 at 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation SHORT 1
      0,
      0,
      0,
      0 // no next IFD
    };
    int length = 2 + 6 + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + length + 2);
    out.write(jpeg, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write(length >> 8);
    out.write(length & 0xff);
    out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  // ----------------------------------------------------------------------------------------- PNG

  private static final class Png {
    private final byte[] b;
    private final ImageLimits limits;
    private final RemovedMetadata removed;

    Png(byte[] b, ImageLimits limits, RemovedMetadata removed) {
      this.b = b;
      this.limits = limits;
      this.removed = removed;
    }

    CleanImage clean() {
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
      out.write(b, 0, 8);
      int i = 8;
      int width = -1;
      int height = -1;
      boolean data = false;
      boolean ended = false;
      CRC32 crc = new CRC32();
      while (i < b.length) {
        if (i + 12 > b.length) {
          throw new ImageRefused("images.upload.truncated", "PNG");
        }
        long length = u32be(b, i);
        if (length > b.length - i - 12) {
          throw new ImageRefused("images.upload.truncated", "PNG");
        }
        String type = new String(b, i + 4, 4, StandardCharsets.ISO_8859_1);
        int dataStart = i + 8;
        int dataEnd = dataStart + (int) length;
        crc.reset();
        crc.update(b, i + 4, 4 + (int) length);
        if (crc.getValue() != u32be(b, dataEnd)) {
          throw new ImageRefused("images.upload.corrupt", "PNG");
        }
        int next = dataEnd + 4;
        if (width < 0 && !type.equals("IHDR")) {
          throw new ImageRefused("images.upload.corrupt", "PNG");
        }
        switch (type) {
          case "IHDR" -> {
            if (length != 13 || width >= 0) {
              throw new ImageRefused("images.upload.corrupt", "PNG");
            }
            long w = u32be(b, dataStart);
            long h = u32be(b, dataStart + 4);
            limits.checkDimensions(w, h);
            width = (int) w;
            height = (int) h;
            out.write(b, i, next - i);
          }
          case "IDAT" -> {
            data = true;
            out.write(b, i, next - i);
          }
          case "IEND" -> {
            out.write(b, i, next - i);
            ended = true;
          }
          case "iCCP" -> {
            checkProfile(dataStart, dataEnd);
            out.write(b, i, next - i);
          }
          case "PLTE", "tRNS", "gAMA", "cHRM", "sRGB", "sBIT", "pHYs", "bKGD", "cICP" ->
              out.write(b, i, next - i);
          case "acTL", "fcTL", "fdAT" -> throw new ImageRefused("images.upload.animated");
          case "tEXt", "zTXt", "iTXt" -> {
            refuseForeign(b, dataStart, dataEnd);
            if (startsWith(b, dataStart, "XML:com.adobe.xmp")) {
              removed.found("xmp");
            } else {
              removed.add("text", 1);
            }
          }
          case "eXIf" -> removed.found("exif");
          case "tIME" -> removed.found("date");
          default -> {
            if (Character.isUpperCase(type.charAt(0))) {
              throw new ImageRefused("images.upload.corrupt", "PNG");
            }
            refuseForeign(b, dataStart, dataEnd);
            removed.found("other");
          }
        }
        i = next;
        if (ended) {
          break;
        }
      }
      if (!ended || !data) {
        throw new ImageRefused("images.upload.truncated", "PNG");
      }
      if (i < b.length && !padding(b, i)) {
        refuseForeign(b, i, b.length);
        removed.found("other");
      }
      return new CleanImage(ImageFormat.PNG, width, height, 1, out.toByteArray(), removed);
    }

    /** A colour profile is compressed: it must inflate to a sane size (no zlib bomb). */
    private void checkProfile(int start, int end) {
      int nul = start;
      while (nul < end && b[nul] != 0) {
        nul++;
      }
      int at = nul + 2; // keyword, NUL, compression method
      if (at > end) {
        throw new ImageRefused("images.upload.corrupt", "PNG");
      }
      Inflater inflater = new Inflater();
      try {
        inflater.setInput(b, at, end - at);
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (!inflater.finished()) {
          int n = inflater.inflate(buffer);
          if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            break;
          }
          total += n;
          if (total > MAX_ICC) {
            throw new ImageRefused("images.upload.bomb");
          }
        }
      } catch (DataFormatException e) {
        throw new ImageRefused("images.upload.corrupt", "PNG");
      } finally {
        inflater.end();
      }
    }
  }

  // ---------------------------------------------------------------------------------------- WebP

  private static final class Webp {
    private final byte[] b;
    private final ImageLimits limits;
    private final RemovedMetadata removed;

    Webp(byte[] b, ImageLimits limits, RemovedMetadata removed) {
      this.b = b;
      this.limits = limits;
      this.removed = removed;
    }

    CleanImage clean() {
      long riff = u32le(b, 4);
      long end = riff + 8;
      if (end > b.length) {
        throw new ImageRefused("images.upload.truncated", "WebP");
      }
      if (end < b.length && !padding(b, (int) end)) {
        refuseForeign(b, (int) end, b.length);
        removed.found("other");
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
      out.writeBytes(Arrays.copyOfRange(b, 0, 12));
      int i = 12;
      int width = -1;
      int height = -1;
      boolean image = false;
      int vp8x = -1;
      while (i < end) {
        if (i + 8 > end) {
          throw new ImageRefused("images.upload.truncated", "WebP");
        }
        String type = new String(b, i, 4, StandardCharsets.ISO_8859_1);
        long size = u32le(b, i + 4);
        long padded = size + (size & 1);
        if (i + 8 + size > end) {
          throw new ImageRefused("images.upload.truncated", "WebP");
        }
        int data = i + 8;
        int next = (int) Math.min(end, i + 8 + padded);
        switch (type) {
          case "VP8X" -> {
            if (size < 10) {
              throw new ImageRefused("images.upload.corrupt", "WebP");
            }
            if ((b[data] & 0x02) != 0) {
              throw new ImageRefused("images.upload.animated");
            }
            width = u24le(b, data + 4) + 1;
            height = u24le(b, data + 7) + 1;
            limits.checkDimensions(width, height);
            vp8x = out.size();
            out.write(b, i, next - i);
          }
          case "VP8 " -> {
            if (size < 10
                || (b[data + 3] & 0xff) != 0x9d
                || (b[data + 4] & 0xff) != 0x01
                || (b[data + 5] & 0xff) != 0x2a) {
              throw new ImageRefused("images.upload.corrupt", "WebP");
            }
            int w = ((b[data + 6] & 0xff) | ((b[data + 7] & 0xff) << 8)) & 0x3fff;
            int h = ((b[data + 8] & 0xff) | ((b[data + 9] & 0xff) << 8)) & 0x3fff;
            image = true;
            if (width < 0) {
              width = w;
              height = h;
            }
            limits.checkDimensions(w, h);
            out.write(b, i, next - i);
          }
          case "VP8L" -> {
            if (size < 5 || (b[data] & 0xff) != 0x2f) {
              throw new ImageRefused("images.upload.corrupt", "WebP");
            }
            long bits = u32le(b, data + 1);
            int w = (int) (bits & 0x3fff) + 1;
            int h = (int) ((bits >> 14) & 0x3fff) + 1;
            image = true;
            if (width < 0) {
              width = w;
              height = h;
            }
            limits.checkDimensions(w, h);
            out.write(b, i, next - i);
          }
          case "ALPH", "ICCP" -> out.write(b, i, next - i);
          case "ANIM", "ANMF" -> throw new ImageRefused("images.upload.animated");
          case "EXIF" -> removed.found("exif");
          case "XMP " -> removed.found("xmp");
          default -> {
            refuseForeign(b, data, (int) Math.min(end, data + size));
            removed.found("other");
          }
        }
        i = next;
      }
      if (!image) {
        throw new ImageRefused("images.upload.corrupt", "WebP");
      }
      byte[] clean = out.toByteArray();
      if (vp8x >= 0) {
        clean[vp8x + 8] &= (byte) ~0x0c; // no EXIF, no XMP any more
      }
      long riffSize = clean.length - 8;
      clean[4] = (byte) riffSize;
      clean[5] = (byte) (riffSize >> 8);
      clean[6] = (byte) (riffSize >> 16);
      clean[7] = (byte) (riffSize >> 24);
      return new CleanImage(ImageFormat.WEBP, width, height, 1, clean, removed);
    }
  }
}
