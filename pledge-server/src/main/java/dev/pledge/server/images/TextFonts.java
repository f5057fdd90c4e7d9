package dev.pledge.server.images;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The fonts text can be added with (public for images.text, which draws replaced lines with {@link
 * #noto()}). {@code sans} is the bundled Noto Sans SC (SIL Open Font License 1.1; Chinese, Latin
 * and more, fetched at build time into {@code /fonts/}), so Chinese renders on any machine without
 * a manual step; {@code serif} and {@code mono} are Java's logical fonts for Latin text, with every
 * character they lack drawn in Noto Sans SC.
 */
public final class TextFonts {

  static final List<String> NAMES = List.of("sans", "sans-bold", "serif", "mono");

  static final String RESOURCE = "/fonts/NotoSansSC-Regular.woff";

  private static volatile Font noto;

  private TextFonts() {}

  /** The font called {@code name} at {@code size} pixels; unknown names refuse. */
  static Font font(String name, float size) throws EditRefused {
    String n = name == null ? "sans" : name.strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "sans" -> noto().deriveFont(Font.PLAIN, size);
      case "sans-bold" -> noto().deriveFont(Font.BOLD, size);
      case "serif" -> new Font(Font.SERIF, Font.PLAIN, Math.round(size)).deriveFont(size);
      case "mono" -> new Font(Font.MONOSPACED, Font.PLAIN, Math.round(size)).deriveFont(size);
      default -> throw new EditRefused("images.refused.font", name, String.join(", ", NAMES));
    };
  }

  /** The bundled CJK font, loaded once per process. */
  public static Font noto() {
    Font f = noto;
    if (f == null) {
      synchronized (TextFonts.class) {
        f = noto;
        if (f == null) {
          try (InputStream in = TextFonts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException(
                  RESOURCE
                      + " is missing from the build: run the build again (it is fetched by"
                      + " pledge-server/src/build/fetch-font.sh)");
            }
            byte[] sfnt = sfnt(in.readAllBytes());
            f = Font.createFont(Font.TRUETYPE_FONT, new java.io.ByteArrayInputStream(sfnt));
            noto = f;
          } catch (IOException | FontFormatException | DataFormatException e) {
            throw new IllegalStateException("the bundled font cannot be read", e);
          }
        }
      }
    }
    return f;
  }

  /** A WOFF 1.0 file as the TrueType/OpenType file it wraps (W3C WOFF, section 5). */
  static byte[] sfnt(byte[] woff) throws DataFormatException, IOException {
    ByteBuffer in = ByteBuffer.wrap(woff);
    if (in.getInt(0) != 0x774f4646) { // 'wOFF'
      throw new IOException("not a WOFF 1.0 file");
    }
    int flavor = in.getInt(4);
    int tables = Short.toUnsignedInt(in.getShort(12));
    int entrySelector = 31 - Integer.numberOfLeadingZeros(tables);
    int searchRange = (1 << entrySelector) * 16;
    ByteArrayOutputStream data = new ByteArrayOutputStream(woff.length * 2);
    ByteBuffer head = ByteBuffer.allocate(12 + 16 * tables);
    head.putInt(flavor)
        .putShort((short) tables)
        .putShort((short) searchRange)
        .putShort((short) entrySelector)
        .putShort((short) (tables * 16 - searchRange));
    int offset = 12 + 16 * tables;
    for (int t = 0; t < tables; t++) {
      int d = 44 + 20 * t;
      int tag = in.getInt(d);
      int at = in.getInt(d + 4);
      int compressed = in.getInt(d + 8);
      int length = in.getInt(d + 12);
      int checksum = in.getInt(d + 16);
      byte[] table;
      if (compressed < length) {
        Inflater inflater = new Inflater();
        try {
          inflater.setInput(woff, at, compressed);
          table = new byte[length];
          int n = 0;
          while (n < length && !inflater.finished()) {
            int got = inflater.inflate(table, n, length - n);
            if (got == 0 && inflater.needsInput()) {
              break;
            }
            n += got;
          }
          if (n != length) {
            throw new IOException("a WOFF table inflates to the wrong length");
          }
        } finally {
          inflater.end();
        }
      } else {
        table = java.util.Arrays.copyOfRange(woff, at, at + length);
      }
      head.putInt(tag).putInt(checksum).putInt(offset).putInt(length);
      data.write(table);
      int pad = (4 - (length & 3)) & 3;
      for (int p = 0; p < pad; p++) {
        data.write(0);
      }
      offset += length + pad;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(offset);
    out.write(head.array());
    data.writeTo(out);
    return out.toByteArray();
  }
}
