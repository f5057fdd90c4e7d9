package dev.pledge.server.images.text;

import dev.pledge.server.images.TextFonts;
import java.awt.Font;

/**
 * The font replaced lines are drawn in: the studio's bundled Noto Sans SC ({@link
 * TextFonts#noto()}; SIL Open Font License 1.1, fetched at build time), which covers simplified
 * Chinese, Latin, digits and punctuation, so no font needs to be installed on the machine. Bold is
 * derived ({@code deriveFont(Font.BOLD, size)}).
 */
public final class CjkFont {

  private CjkFont() {}

  /** The regular face at size 1 (derive the size you need); loaded once per process. */
  public static Font regular() {
    return TextFonts.noto();
  }
}
