package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built-in provider's operations do what they say, on pixels (B-06). */
class BuiltInOperationsTest {

  static EditRequest request(String op, Map<String, String> params) {
    return new EditRequest(new byte[] {0}, "image/png", op, params, "", null, null, 50_000_000);
  }

  static BufferedImage black(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  /** The light pixels of a region, as a set of coordinates: the text's ink. */
  static Set<Integer> ink(BufferedImage img) {
    Set<Integer> ink = new HashSet<>();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xff) > 128) {
          ink.add(y * img.getWidth() + x);
        }
      }
    }
    return ink;
  }

  @Test
  @DisplayName("B-06 中文 renders from the bundled font: real, different glyphs, not empty boxes")
  void chineseRenders() throws Exception {
    assertThat(TextFonts.noto().canDisplayUpTo("中文 English 你好")).isEqualTo(-1);
    BufferedImage zhong =
        BuiltInOperations.addText(
            black(200, 120), request("add-text", Map.of("text", "中", "size", "80")));
    BufferedImage wen =
        BuiltInOperations.addText(
            black(200, 120), request("add-text", Map.of("text", "文", "size", "80")));
    Set<Integer> a = ink(zhong);
    Set<Integer> b = ink(wen);
    assertThat(a.size()).as("ink of 中").isGreaterThan(400);
    assertThat(b.size()).as("ink of 文").isGreaterThan(400);
    Set<Integer> common = new HashSet<>(a);
    common.retainAll(b);
    // Two missing-glyph boxes would be the same shape; real glyphs share little ink.
    assertThat(common.size()).isLessThan(Math.min(a.size(), b.size()) / 2);
    // 中's vertical stroke runs through the middle column of the glyph.
    int mid = 100;
    int vertical = 0;
    for (int y = 0; y < 120; y++) {
      if ((zhong.getRGB(mid, y) & 0xff) > 128 || (zhong.getRGB(mid - 2, y) & 0xff) > 128) {
        vertical++;
      }
    }
    assertThat(vertical).isGreaterThan(40);
  }

  @Test
  @DisplayName("B-06 English with a Latin font and Chinese in the same line both get ink")
  void mixedText() throws Exception {
    BufferedImage out =
        BuiltInOperations.addText(
            black(600, 160),
            request(
                "add-text",
                Map.of("text", "Hello 你好", "font", "serif", "size", "64", "color", "#ff0000")));
    int left = 0;
    int right = 0;
    for (int y = 0; y < 160; y++) {
      for (int x = 0; x < 600; x++) {
        int rgb = out.getRGB(x, y);
        if (((rgb >> 16) & 0xff) > 150 && (rgb & 0xff) < 80) {
          if (x < 300) {
            left++;
          } else {
            right++;
          }
        }
      }
    }
    assertThat(left).as("red ink of Hello").isGreaterThan(300);
    assertThat(right).as("red ink of 你好").isGreaterThan(300);
  }

  @Test
  @DisplayName("quarter turns and flips move pixels exactly")
  void geometry() throws Exception {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    BufferedImage r = BuiltInOperations.rotate(img, 90);
    assertThat(r.getWidth()).isEqualTo(2);
    assertThat(r.getHeight()).isEqualTo(3);
    assertThat(r.getRGB(1, 0) & 0xffffff).isEqualTo(0xff0000);
    BufferedImage f = BuiltInOperations.flip(img, "horizontal");
    assertThat(f.getRGB(2, 0) & 0xffffff).isEqualTo(0xff0000);
    BufferedImage v = BuiltInOperations.flip(img, "vertical");
    assertThat(v.getRGB(0, 1) & 0xffffff).isEqualTo(0xff0000);
    BufferedImage c =
        BuiltInOperations.crop(
            TestImages.picture(100, 80),
            request("crop", Map.of("x", "10", "y", "5", "width", "30", "height", "20")));
    assertThat(c.getWidth()).isEqualTo(30);
    assertThat(c.getHeight()).isEqualTo(20);
    BufferedImage s =
        BuiltInOperations.resize(
            TestImages.picture(4000, 3000), request("resize", Map.of("longest", "2048")));
    assertThat(s.getWidth()).isEqualTo(2048);
    assertThat(s.getHeight()).isEqualTo(1536);
  }

  @Test
  @DisplayName("appearance and styles change the pixels as named")
  void appearance() {
    BufferedImage pic = TestImages.picture(200, 150);
    BufferedImage sepia = BuiltInOperations.sepia(pic);
    int p = sepia.getRGB(100, 75);
    assertThat((p >> 16) & 0xff).isGreaterThanOrEqualTo((p >> 8) & 0xff);
    assertThat((p >> 8) & 0xff).isGreaterThanOrEqualTo(p & 0xff);
    BufferedImage grey = BuiltInOperations.sketch(pic);
    int g = grey.getRGB(10, 10);
    assertThat((g >> 16) & 0xff).isEqualTo(g & 0xff);
    Set<Integer> levels = new HashSet<>();
    BufferedImage poster = BuiltInOperations.posterise(pic, 3);
    for (int x = 0; x < 200; x++) {
      levels.add(poster.getRGB(x, 70) & 0xff);
    }
    assertThat(levels).isSubsetOf(0, 128, 255);
    BufferedImage bright = BuiltInOperations.brightness(pic, 50);
    assertThat(bright.getRGB(5, 5) & 0xff).isGreaterThan(pic.getRGB(5, 5) & 0xff);
    // A blur of a hard edge makes intermediate values.
    BufferedImage edge = black(40, 10);
    for (int y = 0; y < 10; y++) {
      for (int x = 20; x < 40; x++) {
        edge.setRGB(x, y, 0xffffff);
      }
    }
    BufferedImage soft = BuiltInOperations.blur(edge, 2);
    int at = soft.getRGB(20, 5) & 0xff;
    assertThat(at).isBetween(60, 200);
    assertThat(soft.getRGB(0, 5) & 0xff).isLessThan(5);
    assertThat(BuiltInOperations.hue(pic, 120).getRGB(100, 75)).isNotEqualTo(pic.getRGB(100, 75));
    assertThat(BuiltInOperations.cartoon(pic).getWidth()).isEqualTo(200);
  }

  @Test
  @DisplayName("bad settings are refused with what is allowed")
  void badSettings() {
    BufferedImage pic = TestImages.picture(20, 20);
    assertThatThrownBy(
            () -> BuiltInOperations.apply(pic, "blur", request("blur", Map.of("sigma", "500"))))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.refused.number");
    assertThatThrownBy(
            () ->
                BuiltInOperations.apply(
                    pic, "add-text", request("add-text", Map.of("text", "a", "font", "comic"))))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.refused.font");
    assertThatThrownBy(() -> BuiltInOperations.apply(pic, "melt", request("melt", Map.of())))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.refused.operation");
  }
}
