package dev.pledge.server.images.text;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** An image as packed RGB integers, row by row — what the text code reads and writes. */
record Pixels(int[] rgb, int width, int height) {

  static Pixels of(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (image.getType() == BufferedImage.TYPE_INT_RGB
        && image.getRaster().getDataBuffer() instanceof DataBufferInt buffer
        && buffer.getNumBanks() == 1
        && image.getRaster().getSampleModelTranslateX() == 0
        && image.getRaster().getSampleModelTranslateY() == 0) {
      return new Pixels(buffer.getData().clone(), w, h);
    }
    return new Pixels(image.getRGB(0, 0, w, h, null, 0, w), w, h);
  }

  BufferedImage toImage() {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] data = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < data.length; i++) {
      data[i] = rgb[i] & 0xffffff;
    }
    return image;
  }

  int at(int x, int y) {
    return rgb[y * width + x];
  }

  /**
   * The box cut out and turned upright, at its own resolution: {@code round(width) × round(height)}
   * pixels sampled bilinearly (a plain copy when the box is axis-aligned on whole pixels).
   */
  Pixels crop(Quad box) {
    int cw = Math.max(1, Math.round(box.width()));
    int ch = Math.max(1, Math.round(box.height()));
    int[] out = new int[cw * ch];
    double ux = (box.x1() - box.x0()) / cw;
    double uy = (box.y1() - box.y0()) / cw;
    double vx = (box.x3() - box.x0()) / ch;
    double vy = (box.y3() - box.y0()) / ch;
    boolean straight =
        Math.abs(uy) < 1e-6
            && Math.abs(vx) < 1e-6
            && Math.abs(ux - 1) < 1e-6
            && Math.abs(vy - 1) < 1e-6
            && box.x0() == Math.rint(box.x0())
            && box.y0() == Math.rint(box.y0());
    for (int y = 0; y < ch; y++) {
      for (int x = 0; x < cw; x++) {
        if (straight) {
          int sx = clamp((int) box.x0() + x, width);
          int sy = clamp((int) box.y0() + y, height);
          out[y * cw + x] = rgb[sy * width + sx];
        } else {
          // Sample at the centre of the target pixel.
          double sx = box.x0() + (x + 0.5) * ux + (y + 0.5) * vx - 0.5;
          double sy = box.y0() + (x + 0.5) * uy + (y + 0.5) * vy - 0.5;
          out[y * cw + x] = bilinear(sx, sy);
        }
      }
    }
    return new Pixels(out, cw, ch);
  }

  /** This image turned a quarter anticlockwise (for vertical text: it then reads left to right). */
  Pixels turnedAnticlockwise() {
    int[] out = new int[rgb.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[(width - 1 - x) * height + y] = rgb[y * width + x];
      }
    }
    return new Pixels(out, height, width);
  }

  private int bilinear(double x, double y) {
    int xa = (int) Math.floor(x);
    int ya = (int) Math.floor(y);
    double fx = x - xa;
    double fy = y - ya;
    int x0 = clamp(xa, width);
    int x1 = clamp(xa + 1, width);
    int y0 = clamp(ya, height);
    int y1 = clamp(ya + 1, height);
    int a = rgb[y0 * width + x0];
    int b = rgb[y0 * width + x1];
    int c = rgb[y1 * width + x0];
    int d = rgb[y1 * width + x1];
    int result = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
      double top = ((a >> shift) & 0xff) * (1 - fx) + ((b >> shift) & 0xff) * fx;
      double bottom = ((c >> shift) & 0xff) * (1 - fx) + ((d >> shift) & 0xff) * fx;
      int v = (int) Math.round(top * (1 - fy) + bottom * fy);
      result |= Math.min(255, Math.max(0, v)) << shift;
    }
    return result;
  }

  private static int clamp(int v, int size) {
    return v < 0 ? 0 : v >= size ? size - 1 : v;
  }
}
