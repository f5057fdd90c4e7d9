package dev.pledge.server.images.text;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Replaces a line of text in an image: the old strokes are found in the line's box ({@link
 * TextInk}), erased by inpainting ({@link TeleaInpainter}) over the strokes and a thin fringe
 * (anti-aliasing, shadow), and the new text is drawn where the old one stood — same ink height (the
 * font size at which the old text, set in our font, is as tall as the ink measured), same baseline,
 * same left edge, same angle, the colour read from the old strokes, and bold when the old strokes
 * were clearly heavier than our regular weight.
 */
public final class TextReplacer {

  private final Font font;

  /**
   * @param font the face to draw with, able to draw Chinese and Latin text (any size; sizes are
   *     derived)
   */
  public TextReplacer(Font font) {
    this.font = font;
  }

  /**
   * The outcome.
   *
   * @param image the new image (the input is not changed)
   * @param colour the colour the new text was drawn in
   * @param background the background colour found around the old text
   * @param fontSize the size, in pixels, the new text was drawn at
   * @param bold whether it was drawn bold
   * @param erased how many pixels were inpainted
   */
  public record Replaced(
      BufferedImage image,
      Color colour,
      Color background,
      float fontSize,
      boolean bold,
      int erased) {}

  /**
   * @param image the image
   * @param box the line's box, as the reader found it
   * @param oldText what the line says (sets the size; may be blank, then the size comes from the
   *     ink height alone)
   * @param newText what it should say; blank removes the line
   */
  public Replaced replace(BufferedImage image, Quad box, String oldText, String newText) {
    Pixels pixels = Pixels.of(image);
    TextInk ink = TextInk.of(pixels, box);
    int erased = erase(pixels, ink);
    float inkHeight = Math.max(1, ink.inkHeight());
    float size = sizeFor(oldText, inkHeight);
    boolean bold = heavierThanRegular(ink, oldText, size);
    BufferedImage out = pixels.toImage();
    if (!newText.isBlank()) {
      Font face = font.deriveFont(bold ? Font.BOLD : Font.PLAIN, size);
      Graphics2D g = out.createGraphics();
      try {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(
            RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(
            RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.translate(box.x0(), box.y0());
        g.rotate(box.angle());
        // Line the new text up on the old one's baseline: where the old text, set in our face
        // at this size, would have its ink bottom at the measured ink bottom.
        Rectangle2D oldInk = inkBounds(face, oldText.isBlank() ? newText : oldText);
        Rectangle2D newInk = inkBounds(face, newText);
        float baseline = (float) (ink.across()[1] - oldInk.getMaxY());
        float left = (float) (ink.along()[0] - newInk.getMinX());
        g.setColor(ink.colour());
        g.setFont(face);
        g.drawString(newText, left, baseline);
      } finally {
        g.dispose();
      }
    }
    return new Replaced(
        withAlphaOf(image, out), ink.colour(), ink.background(), size, bold, erased);
  }

  /** Inpaints the strokes (and a fringe) within a window around the box; returns pixels filled. */
  private static int erase(Pixels pixels, TextInk ink) {
    if (ink.inkPixels() == 0) {
      return 0;
    }
    int grow = Math.max(2, Math.round(ink.inkHeight() / 12));
    int radius = Math.max(3, Math.min(8, Math.round(ink.inkHeight() / 8)));
    Rectangle r = ink.region();
    int margin = grow + radius + 2;
    int x0 = Math.max(0, r.x - margin);
    int y0 = Math.max(0, r.y - margin);
    int x1 = Math.min(pixels.width(), r.x + r.width + margin);
    int y1 = Math.min(pixels.height(), r.y + r.height + margin);
    int ww = x1 - x0;
    int wh = y1 - y0;
    // Work on a window only: the inpainter keeps several arrays the size of what it is given.
    boolean[] mask = ink.eraseMask(new Rectangle(x0, y0, ww, wh), grow);
    int[] window = new int[ww * wh];
    int filled = 0;
    for (int y = 0; y < wh; y++) {
      System.arraycopy(pixels.rgb(), (y0 + y) * pixels.width() + x0, window, y * ww, ww);
    }
    for (boolean m : mask) {
      if (m) {
        filled++;
      }
    }
    Pixels part = new Pixels(window, ww, wh);
    new TeleaInpainter(radius).inpaint(part, mask);
    for (int y = 0; y < wh; y++) {
      System.arraycopy(window, y * ww, pixels.rgb(), (y0 + y) * pixels.width() + x0, ww);
    }
    return filled;
  }

  /** The size at which {@code text} in our face is {@code inkHeight} tall. */
  float sizeFor(String text, float inkHeight) {
    if (text == null || text.isBlank()) {
      return inkHeight * 1.15f; // typical ink height of a mixed line is ~0.87 em
    }
    Rectangle2D at100 = inkBounds(font.deriveFont(100f), text);
    if (at100.getHeight() < 1) {
      return inkHeight * 1.15f;
    }
    return (float) (100 * inkHeight / at100.getHeight());
  }

  private boolean heavierThanRegular(TextInk ink, String oldText, float size) {
    if (oldText == null || oldText.isBlank() || ink.inkPixels() == 0) {
      return false;
    }
    Font regular = font.deriveFont(Font.PLAIN, size);
    Rectangle2D bounds = inkBounds(regular, oldText);
    int w = (int) Math.ceil(bounds.getWidth()) + 4;
    int h = (int) Math.ceil(bounds.getHeight()) + 4;
    if ((long) w * h > 20_000_000L) {
      return false;
    }
    BufferedImage scratch = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = scratch.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.setFont(regular);
      g.drawString(oldText, (float) (2 - bounds.getMinX()), (float) (2 - bounds.getMinY()));
    } finally {
      g.dispose();
    }
    byte[] data = ((java.awt.image.DataBufferByte) scratch.getRaster().getDataBuffer()).getData();
    int regularInk = 0;
    for (byte b : data) {
      if ((b & 0xff) > 90) { // the same share of the way to full contrast as TextInk's cut
        regularInk++;
      }
    }
    return regularInk > 0 && ink.inkPixels() > 1.4 * regularInk;
  }

  private static Rectangle2D inkBounds(Font face, String text) {
    FontRenderContext frc = new FontRenderContext(new AffineTransform(), true, true);
    GlyphVector glyphs = face.createGlyphVector(frc, text);
    return glyphs.getVisualBounds();
  }

  private static BufferedImage withAlphaOf(BufferedImage source, BufferedImage rgb) {
    if (!source.getColorModel().hasAlpha()) {
      return rgb;
    }
    BufferedImage out =
        new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < rgb.getHeight(); y++) {
      for (int x = 0; x < rgb.getWidth(); x++) {
        int alpha = source.getRGB(x, y) & 0xff000000;
        out.setRGB(x, y, alpha | (rgb.getRGB(x, y) & 0xffffff));
      }
    }
    return out;
  }
}
