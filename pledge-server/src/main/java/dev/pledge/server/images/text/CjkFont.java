package dev.pledge.server.images.text;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The studio's font for drawing text into images: Noto Sans SC Regular (SIL Open Font License
 * 1.1), which covers simplified Chinese, Latin, digits and punctuation. It is on the class path at
 * {@value #RESOURCE}, put there at build time from the npm package {@code
 * @expo-google-fonts/noto-sans-sc} — no font needs to be installed on the machine. Bold is
 * derived ({@code deriveFont(Font.BOLD, size)}).
 */
public final class CjkFont {

  /** Where the font file is on the class path, for code that wants the file itself. */
  public static final String RESOURCE = "images/fonts/NotoSansSC_400Regular.ttf";

  private static volatile Font regular;

  private CjkFont() {}

  /** The regular face at size 1 (derive the size you need); loaded once. */
  public static Font regular() {
    Font font = regular;
    if (font == null) {
      synchronized (CjkFont.class) {
        font = regular;
        if (font == null) {
          font = load();
          regular = font;
        }
      }
    }
    return font;
  }

  private static Font load() {
    try (InputStream in = CjkFont.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE
                + " is not on the class path: build the server with Maven, which fetches it"
                + " (download-maven-plugin, pledge-server/pom.xml)");
      }
      return Font.createFont(Font.TRUETYPE_FONT, in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (FontFormatException e) {
      throw new IllegalStateException(RESOURCE + " is not a TrueType font", e);
    }
  }
}
