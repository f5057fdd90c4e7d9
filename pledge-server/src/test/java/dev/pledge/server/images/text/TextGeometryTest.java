package dev.pledge.server.images.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The detector's geometry and decoding, without the models. */
class TextGeometryTest {

  @Test
  @DisplayName("the least rectangle around an axis-aligned block is the block, top-left first")
  void axisAligned() {
    int[] xs = {10, 60, 10, 60, 35};
    int[] ys = {20, 20, 40, 40, 30};
    Quad q = MinAreaRect.of(xs, ys, xs.length);
    assertThat(q.width()).isCloseTo(50f, within(0.01f));
    assertThat(q.height()).isCloseTo(20f, within(0.01f));
    assertThat(q.x0()).isCloseTo(10f, within(0.01f));
    assertThat(q.y0()).isCloseTo(20f, within(0.01f));
    assertThat(q.x2()).isCloseTo(60f, within(0.01f));
    assertThat(q.y2()).isCloseTo(40f, within(0.01f));
  }

  @Test
  @DisplayName("a line turned by 20° gives a box turned by 20°, its long side along the text")
  void rotated() {
    double a = Math.toRadians(20);
    int n = 0;
    int[] xs = new int[400];
    int[] ys = new int[400];
    for (int u = 0; u <= 100; u += 5) {
      for (int v = 0; v <= 20; v += 5) {
        xs[n] = (int) Math.round(200 + u * Math.cos(a) - v * Math.sin(a));
        ys[n++] = (int) Math.round(100 + u * Math.sin(a) + v * Math.cos(a));
      }
    }
    Quad q = MinAreaRect.of(xs, ys, n);
    assertThat(Math.toDegrees(q.angle())).isCloseTo(20, within(1.5));
    assertThat(q.width()).isCloseTo(100f, within(2f));
    assertThat(q.height()).isCloseTo(20f, within(2f));
    assertThat(q.contains(200 + 50 * Math.cos(a), 100 + 50 * Math.sin(a) + 5)).isTrue();
    assertThat(q.contains(200, 140)).isFalse();
  }

  @Test
  @DisplayName("a box grown by d is 2d wider and 2d taller about the same centre")
  void grow() {
    Quad q = Quad.ofRectangle(10, 10, 100, 20).grow(5);
    assertThat(q.width()).isCloseTo(110f, within(0.01f));
    assertThat(q.height()).isCloseTo(30f, within(0.01f));
    assertThat(q.x0()).isCloseTo(5f, within(0.01f));
    assertThat(q.y0()).isCloseTo(5f, within(0.01f));
  }

  @Test
  @DisplayName("CTC: repeats merge, blanks separate, blank steps are dropped")
  void ctc() {
    List<String> classes = List.of("", "a", "b", "中", " ");
    int[] path = {1, 1, 0, 1, 2, 2, 0, 0, 3, 4, 1};
    float[] probs = new float[path.length * classes.size()];
    for (int t = 0; t < path.length; t++) {
      for (int c = 0; c < classes.size(); c++) {
        probs[t * classes.size() + c] = c == path[t] ? 0.9f : 0.025f;
      }
    }
    CtcDecoder.Decoded d = CtcDecoder.decode(probs, 0, path.length, classes);
    assertThat(d.text()).isEqualTo("aab中 a");
    assertThat(d.confidence()).isCloseTo(0.9f, within(0.001f));
  }

  @Test
  @DisplayName(
      "the detector's post-processing finds one box per blob and grows it by the unclip rule")
  void dbBoxes() {
    int w = 200;
    int h = 100;
    float[] prob = new float[w * h];
    for (int y = 40; y < 52; y++) {
      for (int x = 20; x < 120; x++) {
        prob[y * w + x] = 0.9f;
      }
    }
    prob[5 * w + 5] = 0.9f; // a speck: too small to be text
    var boxes = new DbPostProcess(TextSettings.defaults()).boxes(prob, w, h, 400, 200);
    assertThat(boxes).hasSize(1);
    Quad q = boxes.get(0).quad();
    // Region 99 × 11 (pixel centres); d = 99·11·1.5 / (2·110) ≈ 7.4; then scaled ×2.
    assertThat(q.width()).isCloseTo(2 * (99 + 2 * 7.43f), within(2f));
    assertThat(q.height()).isCloseTo(2 * (11 + 2 * 7.43f), within(2f));
    assertThat(boxes.get(0).score()).isCloseTo(0.9f, within(0.01f));
  }
}
