package dev.pledge.server.images.text;

import java.util.Arrays;

/**
 * Fills a masked region of an image from its surroundings with Telea's fast-marching method (A.
 * Telea, "An Image Inpainting Technique Based on the Fast Marching Method", Journal of Graphics
 * Tools 9(1), 2004). The region is filled from its edge inwards, in order of distance from the
 * known pixels (the distance itself computed by the fast-marching solution of the eikonal equation,
 * |∇T| = 1); each new pixel is a weighted mean of the known pixels within {@code radius} of it,
 * each extrapolated by its own gradient, weighted by how well it lies along the normal of the
 * advancing front (direction), how near it is (distance), and how near it is to the same front
 * (level). Isophotes arriving at the edge therefore continue into the region instead of being
 * smeared across it, which suits text removed from a flat or gently shaded background.
 */
final class TeleaInpainter {

  private static final byte KNOWN = 0;
  private static final byte BAND = 1;
  private static final byte INSIDE = 2;
  private static final float INF = 1e6f;

  private final int radius;

  TeleaInpainter(int radius) {
    this.radius = Math.max(1, radius);
  }

  /**
   * Fills every pixel of {@code mask} (true = to fill) in {@code image}, which is changed in place.
   */
  void inpaint(Pixels image, boolean[] mask) {
    int w = image.width();
    int h = image.height();
    int[] rgb = image.rgb();
    byte[] flag = new byte[w * h];
    float[] t = new float[w * h];
    float[] r = new float[w * h];
    float[] g = new float[w * h];
    float[] b = new float[w * h];
    for (int i = 0; i < w * h; i++) {
      r[i] = (rgb[i] >> 16) & 0xff;
      g[i] = (rgb[i] >> 8) & 0xff;
      b[i] = rgb[i] & 0xff;
      if (mask[i]) {
        flag[i] = INSIDE;
        t[i] = INF;
      }
    }
    Heap heap = new Heap(w * h / 4 + 16, t);
    // The narrow band starts as the known pixels touching the region.
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = y * w + x;
        if (flag[p] == KNOWN
            && ((x > 0 && flag[p - 1] == INSIDE)
                || (x < w - 1 && flag[p + 1] == INSIDE)
                || (y > 0 && flag[p - w] == INSIDE)
                || (y < h - 1 && flag[p + w] == INSIDE))) {
          flag[p] = BAND;
          heap.push(p);
        }
      }
    }
    int[] dx = {-1, 1, 0, 0};
    int[] dy = {0, 0, -1, 1};
    while (!heap.isEmpty()) {
      int p = heap.pop();
      flag[p] = KNOWN;
      int px = p % w;
      int py = p / w;
      for (int k = 0; k < 4; k++) {
        int nx = px + dx[k];
        int ny = py + dy[k];
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) {
          continue;
        }
        int q = ny * w + nx;
        if (flag[q] != INSIDE) {
          continue;
        }
        float tq =
            Math.min(
                Math.min(
                    solve(nx - 1, ny, nx, ny - 1, w, h, flag, t),
                    solve(nx + 1, ny, nx, ny - 1, w, h, flag, t)),
                Math.min(
                    solve(nx - 1, ny, nx, ny + 1, w, h, flag, t),
                    solve(nx + 1, ny, nx, ny + 1, w, h, flag, t)));
        t[q] = tq;
        fill(nx, ny, w, h, flag, t, r, g, b);
        flag[q] = BAND;
        heap.push(q);
      }
    }
    for (int i = 0; i < w * h; i++) {
      if (mask[i]) {
        rgb[i] = (byte255(r[i]) << 16) | (byte255(g[i]) << 8) | byte255(b[i]);
      }
    }
  }

  /** One pixel from its known neighbours within the radius (the paper's equation 3). */
  private void fill(
      int x, int y, int w, int h, byte[] flag, float[] t, float[] r, float[] g, float[] b) {
    int p = y * w + x;
    float gradTx = gradient(x, y, 1, 0, w, h, flag, t);
    float gradTy = gradient(x, y, 0, 1, w, h, flag, t);
    double sw = 0, sr = 0, sg = 0, sb = 0;
    int r2 = radius * radius;
    for (int ky = Math.max(0, y - radius); ky <= Math.min(h - 1, y + radius); ky++) {
      for (int kx = Math.max(0, x - radius); kx <= Math.min(w - 1, x + radius); kx++) {
        int q = ky * w + kx;
        if (flag[q] == INSIDE) {
          continue;
        }
        int rx = x - kx;
        int ry = y - ky;
        int len2 = rx * rx + ry * ry;
        if (len2 == 0 || len2 > r2) {
          continue;
        }
        double len = Math.sqrt(len2);
        double dir = Math.abs(rx * gradTx + ry * gradTy) / len;
        if (dir < 1e-6) {
          dir = 1e-6;
        }
        double dst = 1.0 / (len2);
        double lev = 1.0 / (1.0 + Math.abs(t[q] - t[p]));
        double weight = dir * dst * lev;
        // First-order extrapolation from q towards p, where q's gradient is known.
        sr += weight * (r[q] + extrapolate(r, kx, ky, rx, ry, w, h, flag));
        sg += weight * (g[q] + extrapolate(g, kx, ky, rx, ry, w, h, flag));
        sb += weight * (b[q] + extrapolate(b, kx, ky, rx, ry, w, h, flag));
        sw += weight;
      }
    }
    if (sw > 0) {
      r[p] = (float) (sr / sw);
      g[p] = (float) (sg / sw);
      b[p] = (float) (sb / sw);
    }
  }

  /** ∇I(q)·(p − q), from central differences over known pixels only (0 where unknown). */
  private static float extrapolate(
      float[] c, int x, int y, int rx, int ry, int w, int h, byte[] flag) {
    float gx = 0;
    float gy = 0;
    if (x > 0 && x < w - 1 && flag[y * w + x - 1] != INSIDE && flag[y * w + x + 1] != INSIDE) {
      gx = (c[y * w + x + 1] - c[y * w + x - 1]) / 2;
    }
    if (y > 0 && y < h - 1 && flag[(y - 1) * w + x] != INSIDE && flag[(y + 1) * w + x] != INSIDE) {
      gy = (c[(y + 1) * w + x] - c[(y - 1) * w + x]) / 2;
    }
    return gx * rx + gy * ry;
  }

  private static float gradient(
      int x, int y, int ox, int oy, int w, int h, byte[] flag, float[] t) {
    int ax = x - ox, ay = y - oy, bx = x + ox, by = y + oy;
    boolean a = ax >= 0 && ay >= 0 && flag[ay * w + ax] != INSIDE;
    boolean bb = bx < w && by < h && flag[by * w + bx] != INSIDE;
    float here = t[y * w + x];
    if (a && bb) {
      return (t[by * w + bx] - t[ay * w + ax]) / 2;
    } else if (bb) {
      return t[by * w + bx] - here;
    } else if (a) {
      return here - t[ay * w + ax];
    }
    return 0;
  }

  /** The eikonal update from two neighbours (one along x, one along y), as in Sethian's FMM. */
  private static float solve(int x1, int y1, int x2, int y2, int w, int h, byte[] flag, float[] t) {
    boolean in1 = x1 >= 0 && y1 >= 0 && x1 < w && y1 < h;
    boolean in2 = x2 >= 0 && y2 >= 0 && x2 < w && y2 < h;
    boolean known1 = in1 && flag[y1 * w + x1] != INSIDE;
    boolean known2 = in2 && flag[y2 * w + x2] != INSIDE;
    if (known1 && known2) {
      float t1 = t[y1 * w + x1];
      float t2 = t[y2 * w + x2];
      float d = t1 - t2;
      if (Math.abs(d) < 1) {
        float root = (float) Math.sqrt(2 - d * d);
        float s = (t1 + t2 + root) / 2;
        if (s >= t1 && s >= t2) {
          return s;
        }
      }
      return 1 + Math.min(t1, t2);
    } else if (known1) {
      return 1 + t[y1 * w + x1];
    } else if (known2) {
      return 1 + t[y2 * w + x2];
    }
    return INF;
  }

  private static int byte255(float v) {
    return Math.max(0, Math.min(255, Math.round(v)));
  }

  /** A binary min-heap of pixel indices keyed by their arrival time. */
  private static final class Heap {
    private int[] items;
    private int size;
    private final float[] key;

    Heap(int capacity, float[] key) {
      this.items = new int[capacity];
      this.key = key;
    }

    boolean isEmpty() {
      return size == 0;
    }

    void push(int p) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      int i = size++;
      items[i] = p;
      while (i > 0) {
        int parent = (i - 1) / 2;
        if (key[items[parent]] <= key[items[i]]) {
          break;
        }
        int tmp = items[parent];
        items[parent] = items[i];
        items[i] = tmp;
        i = parent;
      }
    }

    int pop() {
      int top = items[0];
      items[0] = items[--size];
      int i = 0;
      while (true) {
        int l = 2 * i + 1;
        int r = l + 1;
        int m = i;
        if (l < size && key[items[l]] < key[items[m]]) {
          m = l;
        }
        if (r < size && key[items[r]] < key[items[m]]) {
          m = r;
        }
        if (m == i) {
          break;
        }
        int tmp = items[m];
        items[m] = items[i];
        items[i] = tmp;
        i = m;
      }
      return top;
    }
  }
}
