package dev.pledge.server.images.text;

import java.awt.Rectangle;
import java.util.List;

/**
 * A text box: four corners in image pixels, clockwise from the top-left of the text (so {@code
 * p0→p1} runs along the text and {@code p0→p3} down across it). Boxes from the detector are
 * rectangles, possibly rotated.
 */
public record Quad(float x0, float y0, float x1, float y1, float x2, float y2, float x3, float y3) {

  /** An axis-aligned box. */
  public static Quad ofRectangle(float x, float y, float width, float height) {
    return new Quad(x, y, x + width, y, x + width, y + height, x, y + height);
  }

  /** Length of the top edge: how long the text runs. */
  public float width() {
    return (float) Math.hypot(x1 - x0, y1 - y0);
  }

  /** Length of the left edge: how tall the text is. */
  public float height() {
    return (float) Math.hypot(x3 - x0, y3 - y0);
  }

  /** Angle of the text direction in radians, clockwise positive (image y points down). */
  public double angle() {
    return Math.atan2(y1 - y0, x1 - x0);
  }

  /** The smallest pixel rectangle holding the box, clipped to an image of the given size. */
  public Rectangle bounds(int imageWidth, int imageHeight) {
    int left = (int) Math.floor(Math.min(Math.min(x0, x1), Math.min(x2, x3)));
    int top = (int) Math.floor(Math.min(Math.min(y0, y1), Math.min(y2, y3)));
    int right = (int) Math.ceil(Math.max(Math.max(x0, x1), Math.max(x2, x3)));
    int bottom = (int) Math.ceil(Math.max(Math.max(y0, y1), Math.max(y2, y3)));
    left = Math.max(0, left);
    top = Math.max(0, top);
    right = Math.min(imageWidth, right);
    bottom = Math.min(imageHeight, bottom);
    return new Rectangle(left, top, Math.max(0, right - left), Math.max(0, bottom - top));
  }

  /** Whether the point lies inside the box (edges included). */
  public boolean contains(double x, double y) {
    return side(x0, y0, x1, y1, x, y) >= 0
        && side(x1, y1, x2, y2, x, y) >= 0
        && side(x2, y2, x3, y3, x, y) >= 0
        && side(x3, y3, x0, y0, x, y) >= 0;
  }

  /** The box grown by {@code d} pixels on every side, about its centre. */
  public Quad grow(float d) {
    double ux = (x1 - x0) / Math.max(1e-6, width());
    double uy = (y1 - y0) / Math.max(1e-6, width());
    double vx = (x3 - x0) / Math.max(1e-6, height());
    double vy = (y3 - y0) / Math.max(1e-6, height());
    float ax = (float) (d * (ux + vx));
    float ay = (float) (d * (uy + vy));
    float bx = (float) (d * (ux - vx));
    float by = (float) (d * (uy - vy));
    return new Quad(x0 - ax, y0 - ay, x1 + bx, y1 + by, x2 + ax, y2 + ay, x3 - bx, y3 - by);
  }

  /** The corners as [x, y] pairs, for JSON. */
  public List<List<Integer>> points() {
    return List.of(
        List.of(Math.round(x0), Math.round(y0)),
        List.of(Math.round(x1), Math.round(y1)),
        List.of(Math.round(x2), Math.round(y2)),
        List.of(Math.round(x3), Math.round(y3)));
  }

  // Positive when (x, y) is to the right of the edge a→b in image coordinates (clockwise order).
  private static double side(double ax, double ay, double bx, double by, double x, double y) {
    return (bx - ax) * (y - ay) - (by - ay) * (x - ax) + 1e-3;
  }
}
