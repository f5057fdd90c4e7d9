package dev.pledge.server.images.text;

/**
 * Resizes an image straight into a model's input tensor: planes of blue, green and red (the order
 * PaddleOCR's models were trained on, from OpenCV), each value {@code (v / 255 − mean) × scale}.
 * Shrinking averages the source area under each target pixel (OpenCV's {@code INTER_AREA}, no
 * aliasing of thin strokes); enlarging interpolates linearly. Separable: a horizontal pass, then a
 * vertical one.
 */
final class Resampler {

  private Resampler() {}

  /**
   * Writes {@code image} resized to {@code outW × outH} into {@code dst} at {@code offset}, as
   * three planes of {@code tensorW × outH} (columns from {@code outW} on are left as they are: the
   * caller's padding).
   */
  static void intoPlanes(
      Pixels image,
      int outW,
      int outH,
      float[] mean,
      float[] scale,
      float[] dst,
      int offset,
      int tensorW) {
    Taps cols = Taps.of(image.width(), outW);
    Taps rows = Taps.of(image.height(), outH);
    // Horizontal pass: for each source row, the three channels at each target column.
    float[] horizontal = new float[image.height() * outW * 3];
    int[] rgb = image.rgb();
    int w = image.width();
    for (int y = 0; y < image.height(); y++) {
      int row = y * w;
      int out = y * outW * 3;
      for (int x = 0; x < outW; x++) {
        float r = 0, g = 0, b = 0;
        for (int t = cols.start[x], e = cols.start[x + 1]; t < e; t++) {
          int p = rgb[row + cols.index[t]];
          float k = cols.weight[t];
          r += ((p >> 16) & 0xff) * k;
          g += ((p >> 8) & 0xff) * k;
          b += (p & 0xff) * k;
        }
        horizontal[out + 3 * x] = b;
        horizontal[out + 3 * x + 1] = g;
        horizontal[out + 3 * x + 2] = r;
      }
    }
    int plane = tensorW * outH;
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        float b = 0, g = 0, r = 0;
        for (int t = rows.start[y], e = rows.start[y + 1]; t < e; t++) {
          int src = (rows.index[t] * outW + x) * 3;
          float k = rows.weight[t];
          b += horizontal[src] * k;
          g += horizontal[src + 1] * k;
          r += horizontal[src + 2] * k;
        }
        int at = offset + y * tensorW + x;
        dst[at] = (b / 255f - mean[0]) * scale[0];
        dst[at + plane] = (g / 255f - mean[1]) * scale[1];
        dst[at + 2 * plane] = (r / 255f - mean[2]) * scale[2];
      }
    }
  }

  /** For each target coordinate, the source coordinates it reads and their weights. */
  private record Taps(int[] start, int[] index, float[] weight) {

    static Taps of(int in, int out) {
      double s = (double) in / out;
      int per = s > 1 ? (int) Math.ceil(s) + 1 : 2;
      int[] start = new int[out + 1];
      int[] index = new int[out * per];
      float[] weight = new float[out * per];
      int n = 0;
      for (int o = 0; o < out; o++) {
        start[o] = n;
        if (s > 1) {
          double from = o * s;
          double to = Math.min(in, (o + 1) * s);
          for (int i = (int) Math.floor(from); i < to && i < in; i++) {
            double overlap = Math.min(to, i + 1) - Math.max(from, i);
            if (overlap > 1e-9) {
              index[n] = i;
              weight[n++] = (float) (overlap / (to - from));
            }
          }
        } else {
          double src = Math.max(0, (o + 0.5) * s - 0.5);
          int i0 = Math.min(in - 1, (int) Math.floor(src));
          int i1 = Math.min(in - 1, i0 + 1);
          float f = (float) (src - i0);
          index[n] = i0;
          weight[n++] = 1 - f;
          index[n] = i1;
          weight[n++] = f;
        }
      }
      start[out] = n;
      return new Taps(start, index, weight);
    }
  }
}
