package dev.pledge.server.images.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TeleaInpainterTest {

  @Test
  @DisplayName("a hole in a smooth gradient is filled with the gradient, not a flat colour")
  void fillsAGradient() {
    int w = 120;
    int h = 60;
    int[] rgb = new int[w * h];
    int[] original = new int[w * h];
    boolean[] mask = new boolean[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = 40 + x * 150 / w; // horizontal ramp
        original[y * w + x] = v << 16 | v << 8 | v;
        boolean hole = x >= 40 && x < 80 && y >= 20 && y < 40;
        mask[y * w + x] = hole;
        rgb[y * w + x] = hole ? 0xff0000 : original[y * w + x];
      }
    }
    new TeleaInpainter(5).inpaint(new Pixels(rgb, w, h), mask);
    int worst = 0;
    for (int i = 0; i < w * h; i++) {
      int got = rgb[i] & 0xff;
      int want = original[i] & 0xff;
      worst = Math.max(worst, Math.abs(got - want));
      assertThat((rgb[i] >> 16) & 0xff).isEqualTo(rgb[i] & 0xff); // no red left, grey stays grey
    }
    // The ramp rises 50 levels across the hole; a flat fill would be off by ~25.
    assertThat(worst).isLessThanOrEqualTo(8);
  }

  @Test
  @DisplayName("pixels outside the mask are never changed")
  void keepsTheRest() {
    int w = 30;
    int h = 30;
    int[] rgb = new int[w * h];
    boolean[] mask = new boolean[w * h];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (i * 7919) & 0xffffff;
    }
    int[] before = rgb.clone();
    mask[15 * w + 15] = true;
    mask[15 * w + 16] = true;
    new TeleaInpainter(3).inpaint(new Pixels(rgb, w, h), mask);
    for (int i = 0; i < rgb.length; i++) {
      if (!mask[i]) {
        assertThat(rgb[i]).isEqualTo(before[i]);
      }
    }
  }
}
