package dev.pledge.server.images.text;

import java.util.Arrays;

/**
 * The rotated rectangle of least area around a set of points (convex hull, then one candidate
 * rectangle per hull edge — the smallest always has a side on a hull edge), as OpenCV's {@code
 * minAreaRect} gives the DB detector. Returned as a {@link Quad} whose text direction is the side
 * closest to horizontal.
 */
final class MinAreaRect {

  private MinAreaRect() {}

  /**
   * @param xs point x coordinates
   * @param ys point y coordinates
   * @param n how many points are used
   * @return the rectangle, or {@code null} for fewer than three points
   */
  static Quad of(int[] xs, int[] ys, int n) {
    if (n < 3) {
      return null;
    }
    long[] packed = new long[n];
    for (int i = 0; i < n; i++) {
      packed[i] = ((long) xs[i] << 32) | (ys[i] & 0xffffffffL);
    }
    Arrays.sort(packed); // by x, then y
    int[] hx = new int[2 * n];
    int[] hy = new int[2 * n];
    int k = 0;
    // Andrew's monotone chain: lower hull, then upper hull.
    for (int i = 0; i < n; i++) {
      int x = (int) (packed[i] >> 32);
      int y = (int) packed[i];
      while (k >= 2 && cross(hx[k - 2], hy[k - 2], hx[k - 1], hy[k - 1], x, y) <= 0) {
        k--;
      }
      hx[k] = x;
      hy[k++] = y;
    }
    for (int i = n - 2, lower = k + 1; i >= 0; i--) {
      int x = (int) (packed[i] >> 32);
      int y = (int) packed[i];
      while (k >= lower && cross(hx[k - 2], hy[k - 2], hx[k - 1], hy[k - 1], x, y) <= 0) {
        k--;
      }
      hx[k] = x;
      hy[k++] = y;
    }
    int hull = k - 1;
    if (hull < 2) {
      return null;
    }
    double bestArea = Double.MAX_VALUE;
    double bestUx = 1, bestUy = 0, minU = 0, maxU = 0, minV = 0, maxV = 0;
    for (int i = 0; i < hull; i++) {
      double ex = hx[i + 1] - hx[i];
      double ey = hy[i + 1] - hy[i];
      double len = Math.hypot(ex, ey);
      if (len == 0) {
        continue;
      }
      double ux = ex / len;
      double uy = ey / len;
      double lu = Double.MAX_VALUE,
          hu = -Double.MAX_VALUE,
          lv = Double.MAX_VALUE,
          hv = -Double.MAX_VALUE;
      for (int j = 0; j < hull; j++) {
        double u = hx[j] * ux + hy[j] * uy;
        double v = -hx[j] * uy + hy[j] * ux;
        lu = Math.min(lu, u);
        hu = Math.max(hu, u);
        lv = Math.min(lv, v);
        hv = Math.max(hv, v);
      }
      double area = (hu - lu) * (hv - lv);
      if (area < bestArea - 1e-9) {
        bestArea = area;
        bestUx = ux;
        bestUy = uy;
        minU = lu;
        maxU = hu;
        minV = lv;
        maxV = hv;
      }
    }
    if (bestArea == Double.MAX_VALUE) { // all points on one line
      return null;
    }
    return orient(bestUx, bestUy, minU, maxU, minV, maxV);
  }

  /**
   * The rectangle {@code [minU,maxU] × [minV,maxV]} in the frame u = (ux, uy), v = (−uy, ux), with
   * its corners named so that p0→p1 is the side closest to pointing right.
   */
  static Quad orient(double ux, double uy, double minU, double maxU, double minV, double maxV) {
    // Four ways to pick the text direction among ±u, ±v: take the one closest to +x.
    double[][] dirs = {{ux, uy}, {-uy, ux}, {-ux, -uy}, {uy, -ux}};
    int best = 0;
    for (int i = 1; i < 4; i++) {
      if (dirs[i][0] > dirs[best][0]) {
        best = i;
      }
    }
    double[][] corners = {
      point(ux, uy, minU, minV),
      point(ux, uy, maxU, minV),
      point(ux, uy, maxU, maxV),
      point(ux, uy, minU, maxV)
    };
    // Corners run clockwise in the (u, v) frame (v is u turned a quarter clockwise on screen), and
    // the top-left is the corner least along the text direction and least along the direction
    // down the text; turning the text direction a quarter moves that corner one place on.
    int start = best;
    double[] a = corners[start];
    double[] b = corners[(start + 1) % 4];
    double[] c = corners[(start + 2) % 4];
    double[] d = corners[(start + 3) % 4];
    return new Quad(
        (float) a[0],
        (float) a[1],
        (float) b[0],
        (float) b[1],
        (float) c[0],
        (float) c[1],
        (float) d[0],
        (float) d[1]);
  }

  private static double[] point(double ux, double uy, double u, double v) {
    return new double[] {u * ux - v * uy, u * uy + v * ux};
  }

  private static long cross(long ax, long ay, long bx, long by, long cx, long cy) {
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  }
}
