package dev.pledge.server.images.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns the detection model's text-probability map into text boxes, as DBNet's post-processing does
 * (Liao et al., "Real-time Scene Text Detection with Differentiable Binarization", and PaddleOCR's
 * {@code DBPostProcess}): threshold the map, take each connected region, fit the rotated rectangle
 * of least area around it, keep it when the mean probability inside is high enough, then grow it by
 * {@code area × ratio / perimeter} on every side — the model is trained on boxes shrunk by that
 * rule, so this "unclip" restores the text's full extent — and scale it to the source image.
 */
final class DbPostProcess {

  private static final int MIN_SIZE = 3;

  private final TextSettings settings;

  DbPostProcess(TextSettings settings) {
    this.settings = settings;
  }

  /** A box in source pixels and the mean probability the model gave the pixels inside it. */
  record Box(Quad quad, float score) {}

  /**
   * @param prob the probability map, row by row
   * @param w its width
   * @param h its height
   * @param sourceW the width of the image the boxes are for
   * @param sourceH its height
   */
  List<Box> boxes(float[] prob, int w, int h, int sourceW, int sourceH) {
    float threshold = settings.threshold();
    int[] label = new int[w * h];
    int[] stack = new int[w * h];
    int[] rowMin = new int[h];
    int[] rowMax = new int[h];
    int[] xs = new int[2 * h];
    int[] ys = new int[2 * h];
    List<Box> boxes = new ArrayList<>();
    int next = 0;
    for (int start = 0; start < w * h && next < settings.maxCandidates(); start++) {
      if (label[start] != 0 || prob[start] <= threshold) {
        continue;
      }
      next++;
      int top = start / w;
      int bottom = top;
      rowMin[top] = Integer.MAX_VALUE;
      rowMax[top] = Integer.MIN_VALUE;
      int sp = 0;
      stack[sp++] = start;
      label[start] = next;
      // 8-connected flood fill, remembering the leftmost and rightmost pixel of each row:
      // the convex hull of a region only needs those.
      while (sp > 0) {
        int p = stack[--sp];
        int px = p % w;
        int py = p / w;
        if (py < top) {
          for (int y = py; y < top; y++) {
            rowMin[y] = Integer.MAX_VALUE;
            rowMax[y] = Integer.MIN_VALUE;
          }
          top = py;
        }
        if (py > bottom) {
          for (int y = bottom + 1; y <= py; y++) {
            rowMin[y] = Integer.MAX_VALUE;
            rowMax[y] = Integer.MIN_VALUE;
          }
          bottom = py;
        }
        rowMin[py] = Math.min(rowMin[py], px);
        rowMax[py] = Math.max(rowMax[py], px);
        for (int dy = -1; dy <= 1; dy++) {
          int ny = py + dy;
          if (ny < 0 || ny >= h) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int nx = px + dx;
            if (nx < 0 || nx >= w) {
              continue;
            }
            int q = ny * w + nx;
            if (label[q] == 0 && prob[q] > threshold) {
              label[q] = next;
              stack[sp++] = q;
            }
          }
        }
      }
      int n = 0;
      for (int y = top; y <= bottom; y++) {
        if (rowMin[y] <= rowMax[y]) {
          xs[n] = rowMin[y];
          ys[n++] = y;
          if (rowMax[y] != rowMin[y]) {
            xs[n] = rowMax[y];
            ys[n++] = y;
          }
        }
      }
      Quad rect = MinAreaRect.of(xs, ys, n);
      if (rect == null || Math.min(rect.width(), rect.height()) < MIN_SIZE) {
        continue;
      }
      float score = meanInside(prob, w, h, rect);
      if (score < settings.boxThreshold()) {
        continue;
      }
      float side = Math.min(rect.width(), rect.height());
      float area = rect.width() * rect.height();
      float perimeter = 2 * (rect.width() + rect.height());
      float distance = area * settings.unclipRatio() / perimeter;
      if (side + 2 * distance < MIN_SIZE + 2) {
        continue;
      }
      Quad grown = rect.grow(distance);
      Quad scaled = scale(grown, (float) sourceW / w, (float) sourceH / h, sourceW, sourceH);
      if (scaled.width() <= 3 || scaled.height() <= 3) {
        continue;
      }
      boxes.add(new Box(scaled, score));
    }
    return boxes;
  }

  /** Mean probability over the pixels whose centres lie in the box (DB's "fast" box score). */
  private static float meanInside(float[] prob, int w, int h, Quad box) {
    var bounds = box.bounds(w, h);
    double sum = 0;
    int count = 0;
    for (int y = bounds.y; y <= Math.min(h - 1, bounds.y + bounds.height); y++) {
      for (int x = bounds.x; x <= Math.min(w - 1, bounds.x + bounds.width); x++) {
        if (box.contains(x, y)) {
          sum += prob[y * w + x];
          count++;
        }
      }
    }
    return count == 0 ? 0 : (float) (sum / count);
  }

  private static Quad scale(Quad q, float sx, float sy, int maxX, int maxY) {
    return new Quad(
        clamp(q.x0() * sx, maxX),
        clamp(q.y0() * sy, maxY),
        clamp(q.x1() * sx, maxX),
        clamp(q.y1() * sy, maxY),
        clamp(q.x2() * sx, maxX),
        clamp(q.y2() * sy, maxY),
        clamp(q.x3() * sx, maxX),
        clamp(q.y3() * sy, maxY));
  }

  private static float clamp(float v, int max) {
    return Math.max(0, Math.min(max, Math.round(v)));
  }
}
