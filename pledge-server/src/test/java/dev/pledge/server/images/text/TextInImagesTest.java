package dev.pledge.server.images.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Finding, reading and replacing text with the real models (PaddleOCR PP-OCRv4 through ONNX
 * Runtime) on images drawn here with the studio's font, so the expected text is known.
 */
class TextInImagesTest {

  static final Color INK_BLUE = new Color(30, 40, 120);
  static final Color INK_RED = new Color(180, 20, 20);
  static final Color PAPER = new Color(245, 240, 230);

  static TextModels models;
  static TextReader reader;

  @BeforeAll
  static void load() {
    models = TextModels.shared();
    reader = new TextReader(models);
  }

  /** A 2-megapixel poster with three lines of mixed Chinese and English. */
  static BufferedImage poster() {
    BufferedImage image = new BufferedImage(1600, 1200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(PAPER);
    g.fillRect(0, 0, 1600, 1200);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Font font = CjkFont.regular();
    g.setColor(INK_BLUE);
    g.setFont(font.deriveFont(64f));
    g.drawString("春季新品 Spring Sale", 120, 300);
    g.setColor(INK_RED);
    g.setFont(font.deriveFont(48f));
    g.drawString("全场八折 20% off", 200, 600);
    g.setColor(Color.BLACK);
    g.setFont(font.deriveFont(40f));
    g.drawString("隐私优先 Privacy first", 300, 900);
    g.dispose();
    return image;
  }

  private static List<String> texts(List<TextLine> lines) {
    return lines.stream().map(l -> l.text().replace(" ", "")).toList();
  }

  @Test
  @DisplayName(
      "B-06 the bundled font draws 中文 in pixels: two different glyphs that read back as 中文")
  void fontDrawsChinese() {
    Font font = CjkFont.regular();
    assertThat(font.getFamily(java.util.Locale.ROOT)).isEqualTo("Noto Sans SC");
    assertThat(font.canDisplayUpTo("中文 English 123")).isEqualTo(-1);
    BufferedImage image = new BufferedImage(400, 160, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 400, 160);
    g.setColor(Color.BLACK);
    g.setFont(font.deriveFont(96f));
    g.drawString("中文", 60, 120);
    int advance = g.getFontMetrics().charWidth('中');
    g.dispose();
    // A font without these characters draws the same empty box twice; these are two glyphs, each
    // filled with ink, unlike each other.
    int[] left = ink(image, 60, advance);
    int[] right = ink(image, 60 + advance, advance);
    assertThat(left[0]).as("ink of 中").isGreaterThan(600);
    assertThat(right[0]).as("ink of 文").isGreaterThan(600);
    assertThat(left[1]).as("pixels where 中 and 文 differ").isGreaterThan(600);
    // And the recogniser reads them as what they are.
    assertThat(texts(reader.read(image))).containsExactly("中文");
  }

  /** Dark pixels in a column band, and how many of them differ from the band that follows. */
  private static int[] ink(BufferedImage image, int x0, int width) {
    int dark = 0;
    int differ = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = x0; x < x0 + width && x + width < image.getWidth(); x++) {
        boolean here = (image.getRGB(x, y) & 0xff) < 128;
        boolean there = (image.getRGB(x + width, y) & 0xff) < 128;
        dark += here ? 1 : 0;
        differ += here != there ? 1 : 0;
      }
    }
    return new int[] {dark, differ};
  }

  @Test
  @DisplayName("B-06 recognises known Chinese and English text in a generated 2-megapixel image")
  void readsChineseAndEnglish() {
    List<TextLine> lines = reader.read(poster());
    assertThat(texts(lines)).containsExactly("春季新品SpringSale", "全场八折20%off", "隐私优先Privacyfirst");
    assertThat(lines).allSatisfy(l -> assertThat(l.confidence()).isGreaterThan(0.8f));
    // The boxes are where the lines were drawn (baselines at y = 300, 600, 900).
    Rectangle second = lines.get(1).box().bounds(1600, 1200);
    assertThat(second.y).isBetween(540, 575);
    assertThat(second.y + second.height).isBetween(595, 625);
    assertThat(second.x).isBetween(185, 215);
  }

  @Test
  @DisplayName("B-06 reads a line set at an angle")
  void readsATurnedLine() {
    BufferedImage image = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 900, 500);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.DARK_GRAY);
    g.setFont(CjkFont.regular().deriveFont(44f));
    g.rotate(Math.toRadians(-8), 450, 250);
    g.drawString("欢迎光临 Welcome", 230, 270);
    g.dispose();
    List<TextLine> lines = reader.read(image);
    assertThat(texts(lines)).containsExactly("欢迎光临Welcome");
    assertThat(Math.toDegrees(lines.get(0).box().angle())).isCloseTo(-8, within(3.0));
  }

  @Test
  @DisplayName(
      "B-06 replace-text: the old line is gone, the new one reads back in the old colour and size")
  void replacesALine() {
    BufferedImage before = poster();
    TextLine old = reader.read(before).get(1);
    TextReplacer.Replaced replaced =
        new TextReplacer(CjkFont.regular())
            .replace(before, old.box(), old.text(), "夏季特卖 Summer 50%");
    BufferedImage after = replaced.image();

    List<String> now = texts(reader.read(after));
    assertThat(now).noneMatch(t -> t.contains("全场") || t.contains("八折") || t.contains("20%"));
    assertThat(now).containsExactly("春季新品SpringSale", "夏季特卖Summer50%", "隐私优先Privacyfirst");
    // Colour read from the strokes, size from the ink height (drawn at 48 px in INK_RED).
    assertThat(replaced.colour().getRed()).isCloseTo(INK_RED.getRed(), within(25));
    assertThat(replaced.colour().getGreen()).isCloseTo(INK_RED.getGreen(), within(25));
    assertThat(replaced.colour().getBlue()).isCloseTo(INK_RED.getBlue(), within(25));
    assertThat(replaced.fontSize()).isCloseTo(48f, within(4f));
    assertThat(replaced.bold()).isFalse();
    // Nothing else in the picture changed: compare the other lines' regions pixel for pixel.
    for (int y = 0; y < 1200; y++) {
      if (y > 520 && y < 640) {
        continue;
      }
      for (int x = 0; x < 1600; x++) {
        assertThat(after.getRGB(x, y)).as("pixel %d,%d", x, y).isEqualTo(before.getRGB(x, y));
      }
    }
    // The new text is drawn in the old text's colour: its darkest pixels are near INK_RED.
    int reddish = 0;
    for (int y = 555; y < 615; y++) {
      for (int x = 200; x < 800; x++) {
        Color c = new Color(after.getRGB(x, y));
        if (Math.abs(c.getRed() - 180) < 30 && c.getGreen() < 60 && c.getBlue() < 60) {
          reddish++;
        }
      }
    }
    assertThat(reddish).isGreaterThan(1000);
  }

  @Test
  @DisplayName("B-06 removing a line leaves only background where it was")
  void removesALine() {
    BufferedImage before = poster();
    TextLine line = reader.read(before).get(0);
    BufferedImage after =
        new TextReplacer(CjkFont.regular()).replace(before, line.box(), line.text(), "").image();
    Rectangle r = line.box().bounds(1600, 1200);
    int worst = 0;
    for (int y = r.y; y < r.y + r.height; y++) {
      for (int x = r.x; x < r.x + r.width; x++) {
        Color c = new Color(after.getRGB(x, y));
        int d =
            Math.abs(c.getRed() - PAPER.getRed())
                + Math.abs(c.getGreen() - PAPER.getGreen())
                + Math.abs(c.getBlue() - PAPER.getBlue());
        worst = Math.max(worst, d);
      }
    }
    assertThat(worst).isLessThan(30);
    assertThat(texts(reader.read(after))).containsExactly("全场八折20%off", "隐私优先Privacyfirst");
  }
}
