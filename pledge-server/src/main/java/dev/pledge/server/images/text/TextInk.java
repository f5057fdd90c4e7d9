package dev.pledge.server.images.text;

import java.awt.Color;
import java.awt.Rectangle;
import java.util.Arrays;

/**
 * The ink of a line of text inside its box: which pixels are strokes, their colour, and how far
 * they reach along and across the line. The background is the colour most common along the box's
 * edge (the detector's box has a margin of background around the strokes); stroke pixels are the
 * ones clearly unlike it, and their colour is read from the most unlike of them, which
 * anti-aliasing has not mixed with the background.
 *
 * @param region the part of the image examined (the box's bounds), in image pixels
 * @param stroke per pixel of the region, whether it is ink
 * @param background the background colour
 * @param colour the ink colour
 * @param across the ink's extent across the line, measured from the box's top edge: {min, max}
 * @param along the ink's extent along the line, from the box's left edge: {min, max}
 * @param inkPixels how many pixels are ink
 */
record TextInk(
    Rectangle region,
    boolean[] stroke,
    Color background,
    Color colour,
    float[] across,
    float[] along,
    int inkPixels) {

  static TextInk of(Pixels image, Quad box) {
    Rectangle region = box.bounds(image.width(), image.height());
    int rw = region.width;
    int rh = region.height;
    int[] bg = edgeMode(image, box, region);
    // Distance of every pixel inside the box from the background.
    float[] distance = new float[rw * rh];
    boolean[] inside = new boolean[rw * rh];
    float max = 0;
    for (int y = 0; y < rh; y++) {
      for (int x = 0; x < rw; x++) {
        int gx = region.x + x;
        int gy = region.y + y;
        if (!box.contains(gx + 0.5, gy + 0.5)) {
          continue;
        }
        inside[y * rw + x] = true;
        float d = distance(image.at(gx, gy), bg);
        distance[y * rw + x] = d;
        max = Math.max(max, d);
      }
    }
    boolean[] stroke = new boolean[rw * rh];
    double sr = 0, sg = 0, sb = 0;
    int core = 0;
    int ink = 0;
    float strokeCut = Math.max(40, max * 0.35f);
    float coreCut = Math.max(strokeCut, max * 0.7f);
    double ux = (box.x1() - box.x0()) / Math.max(1e-6, box.width());
    double uy = (box.y1() - box.y0()) / Math.max(1e-6, box.width());
    double vx = (box.x3() - box.x0()) / Math.max(1e-6, box.height());
    double vy = (box.y3() - box.y0()) / Math.max(1e-6, box.height());
    float[] across = {Float.MAX_VALUE, -Float.MAX_VALUE};
    float[] along = {Float.MAX_VALUE, -Float.MAX_VALUE};
    for (int y = 0; y < rh; y++) {
      for (int x = 0; x < rw; x++) {
        int i = y * rw + x;
        if (!inside[i] || distance[i] < strokeCut) {
          continue;
        }
        stroke[i] = true;
        ink++;
        double px = region.x + x + 0.5 - box.x0();
        double py = region.y + y + 0.5 - box.y0();
        float u = (float) (px * ux + py * uy);
        float v = (float) (px * vx + py * vy);
        along[0] = Math.min(along[0], u - 0.5f);
        along[1] = Math.max(along[1], u + 0.5f);
        across[0] = Math.min(across[0], v - 0.5f);
        across[1] = Math.max(across[1], v + 0.5f);
        if (distance[i] >= coreCut) {
          int p = image.at(region.x + x, region.y + y);
          sr += (p >> 16) & 0xff;
          sg += (p >> 8) & 0xff;
          sb += p & 0xff;
          core++;
        }
      }
    }
    Color background = new Color(bg[0], bg[1], bg[2]);
    Color colour =
        core == 0
            ? (luminance(bg) > 128 ? Color.BLACK : Color.WHITE)
            : new Color((int) (sr / core), (int) (sg / core), (int) (sb / core));
    if (ink == 0) {
      across = new float[] {0, box.height()};
      along = new float[] {0, box.width()};
    }
    return new TextInk(region, stroke, background, colour, across, along, ink);
  }

  /** The ink's height across the line, in pixels. */
  float inkHeight() {
    return across[1] - across[0];
  }

  /**
   * The pixels to erase: the strokes grown by {@code grow} pixels (anti-aliased fringes, shadows),
   * as a mask over {@code window} (in image pixels).
   */
  boolean[] eraseMask(Rectangle window, int grow) {
    boolean[] mask = new boolean[window.width * window.height];
    int rw = region.width;
    for (int y = 0; y < region.height; y++) {
      for (int x = 0; x < rw; x++) {
        if (!stroke[y * rw + x]) {
          continue;
        }
        for (int dy = -grow; dy <= grow; dy++) {
          int wy = region.y + y + dy - window.y;
          if (wy < 0 || wy >= window.height) {
            continue;
          }
          for (int dx = -grow; dx <= grow; dx++) {
            int wx = region.x + x + dx - window.x;
            if (wx >= 0 && wx < window.width && dx * dx + dy * dy <= grow * grow) {
              mask[wy * window.width + wx] = true;
            }
          }
        }
      }
    }
    return mask;
  }

  /**
   * The most common colour along the box's edge, each channel quantised to 16 levels, then the mean
   * of the edge pixels in that bin.
   */
  private static int[] edgeMode(Pixels image, Quad box, Rectangle region) {
    int[] count = new int[4096];
    long[][] sum = new long[4096][3];
    int samples = Math.max(16, (int) (2 * (box.width() + box.height())));
    float[][] edges = {
      {box.x0(), box.y0(), box.x1(), box.y1()},
      {box.x1(), box.y1(), box.x2(), box.y2()},
      {box.x2(), box.y2(), box.x3(), box.y3()},
      {box.x3(), box.y3(), box.x0(), box.y0()}
    };
    for (float[] e : edges) {
      for (int s = 0; s < samples / 4; s++) {
        double f = (s + 0.5) / (samples / 4);
        int x = (int) Math.floor(e[0] + (e[2] - e[0]) * f);
        int y = (int) Math.floor(e[1] + (e[3] - e[1]) * f);
        x = Math.max(0, Math.min(image.width() - 1, x));
        y = Math.max(0, Math.min(image.height() - 1, y));
        int p = image.at(x, y);
        int bin = ((p >> 20) & 0xf) << 8 | ((p >> 12) & 0xf) << 4 | ((p >> 4) & 0xf);
        count[bin]++;
        sum[bin][0] += (p >> 16) & 0xff;
        sum[bin][1] += (p >> 8) & 0xff;
        sum[bin][2] += p & 0xff;
      }
    }
    int best = 0;
    for (int i = 1; i < count.length; i++) {
      if (count[i] > count[best]) {
        best = i;
      }
    }
    if (count[best] == 0) {
      return new int[] {255, 255, 255};
    }
    int n = count[best];
    return Arrays.stream(sum[best]).mapToInt(v -> (int) (v / n)).toArray();
  }

  private static float distance(int p, int[] bg) {
    int dr = ((p >> 16) & 0xff) - bg[0];
    int dg = ((p >> 8) & 0xff) - bg[1];
    int db = (p & 0xff) - bg[2];
    return (float) Math.sqrt(dr * dr + dg * dg + db * db);
  }

  private static double luminance(int[] c) {
    return 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
  }
}
