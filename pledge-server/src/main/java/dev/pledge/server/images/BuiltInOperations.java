package dev.pledge.server.images;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The built-in provider's operations, on pixels (INT_RGB or INT_ARGB), in the worker. Parameters
 * come as the user typed them; each is checked and a bad one refused with what is allowed. Row
 * loops run in parallel on the worker's cores.
 */
final class BuiltInOperations {

  private BuiltInOperations() {}

  /** An operation's result: pixels, the format to store them in, and the routine's name. */
  record Pixels(BufferedImage image, ImageFormat format, String model) {}

  /** Runs the operation through the SPI (bytes in, bytes out), for callers outside the worker. */
  static EditResult run(EditRequest request, Progress progress) throws EditRefused, EditFailed {
    try {
      CleanImage src =
          ImageInspector.clean(
              request.image(), new ImageLimits(Long.MAX_VALUE, request.maxPixels()));
      Pixels p = apply(src, request, progress);
      byte[] bytes = ImageCodecs.encode(p.image(), p.format());
      return new EditResult(bytes, p.format().mediaType(), p.model(), List.of());
    } catch (IOException e) {
      throw new EditFailed("the image could not be decoded or encoded", false, e);
    } catch (ImageRefused e) {
      throw new EditRefused(e.key(), e.arguments());
    }
  }

  /** Decodes {@code src}, applies the request's operation, and says how to store the result. */
  static Pixels apply(CleanImage src, EditRequest request, Progress progress)
      throws EditRefused, IOException {
    progress.report(0.05, "images.progress.decoding");
    BufferedImage img;
    try {
      img = ImageCodecs.decode(src);
    } catch (IOException | RuntimeException e) {
      throw new EditRefused("images.refused.undecodable");
    }
    progress.report(0.3, "images.progress.editing");
    String op = request.operation();
    BufferedImage out = apply(img, op, request);
    ImageFormat format = src.format();
    String wanted = request.parameter("format", "");
    if (!wanted.isEmpty()) {
      format =
          switch (wanted.toLowerCase(Locale.ROOT)) {
            case "png" -> ImageFormat.PNG;
            case "jpeg", "jpg" -> ImageFormat.JPEG;
            case "webp" -> ImageFormat.WEBP;
            default -> throw new EditRefused("images.refused.format", wanted);
          };
    } else if (format == ImageFormat.JPEG && out.getColorModel().hasAlpha()) {
      format = ImageFormat.PNG; // keep what became transparent (a rotation's corners)
    }
    return new Pixels(out, format, "builtin/" + op);
  }

  static BufferedImage apply(BufferedImage img, String op, EditRequest r) throws EditRefused {
    return switch (op) {
      case "rotate" -> rotate(img, number(r, "angle", 90, -360, 360));
      case "flip" -> flip(img, choice(r, "direction", "horizontal", "horizontal", "vertical"));
      case "crop" -> crop(img, r);
      case "resize" -> resize(img, r);
      case "brightness" -> brightness(img, number(r, "amount", 20, -100, 100));
      case "contrast" -> contrast(img, number(r, "amount", 20, -100, 100));
      case "saturation" -> saturation(img, number(r, "amount", 20, -100, 100));
      case "hue" -> hue(img, number(r, "degrees", 30, -180, 180));
      case "white-balance" -> whiteBalance(img, r);
      case "sharpen" ->
          sharpen(img, number(r, "amount", 80, 0, 300), number(r, "sigma", 1.5, 0.3, 10));
      case "blur" -> blur(img, number(r, "sigma", 4, 0.3, 50));
      case "denoise" -> denoise(img, (int) number(r, "strength", 1, 1, 3));
      case "sketch" -> sketch(img);
      case "sepia" -> sepia(img);
      case "posterise" -> posterise(img, (int) number(r, "levels", 4, 2, 16));
      case "cartoon" -> cartoon(img);
      case "add-text" -> addText(img, r);
      default -> throw new EditRefused("images.refused.operation", op);
    };
  }

  // ------------------------------------------------------------------------------- parameters

  static double number(EditRequest r, String name, double fallback, double min, double max)
      throws EditRefused {
    String v = r.parameter(name, "");
    if (v.isEmpty()) {
      return fallback;
    }
    double d;
    try {
      d = Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new EditRefused("images.refused.number", name, v, fmt(min), fmt(max));
    }
    if (!(d >= min && d <= max)) {
      throw new EditRefused("images.refused.number", name, v, fmt(min), fmt(max));
    }
    return d;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static String choice(EditRequest r, String name, String fallback, String... allowed)
      throws EditRefused {
    String v = r.parameter(name, fallback).toLowerCase(Locale.ROOT);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new EditRefused("images.refused.choice", name, v, String.join(", ", allowed));
  }

  // ----------------------------------------------------------------------------------- geometry

  static BufferedImage rotate(BufferedImage img, double angle) {
    double a = ((angle % 360) + 360) % 360;
    if (a == 0) {
      return img;
    }
    if (a == 90 || a == 180 || a == 270) {
      return quarterTurns(img, (int) (a / 90));
    }
    double rad = Math.toRadians(a);
    int w = img.getWidth();
    int h = img.getHeight();
    double sin = Math.abs(Math.sin(rad));
    double cos = Math.abs(Math.cos(rad));
    int nw = (int) Math.ceil(w * cos + h * sin);
    int nh = (int) Math.ceil(w * sin + h * cos);
    BufferedImage out = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.translate(nw / 2.0, nh / 2.0);
      g.rotate(rad);
      g.drawImage(img, -w / 2, -h / 2, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Clockwise quarter turns, exact: pixels move, none is interpolated. */
  static BufferedImage quarterTurns(BufferedImage img, int turns) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] src = pixels(img);
    boolean swap = turns % 2 == 1;
    int nw = swap ? h : w;
    int nh = swap ? w : h;
    BufferedImage out = new BufferedImage(nw, nh, img.getType());
    int[] dst = pixels(out);
    switch (turns) {
      case 1 ->
          IntStream.range(0, h)
              .parallel()
              .forEach(
                  y -> {
                    int row = y * w;
                    int col = h - 1 - y;
                    for (int x = 0; x < w; x++) {
                      dst[x * nw + col] = src[row + x];
                    }
                  });
      case 2 ->
          IntStream.range(0, h)
              .parallel()
              .forEach(
                  y -> {
                    int row = y * w;
                    int to = (h - 1 - y) * w + (w - 1);
                    for (int x = 0; x < w; x++) {
                      dst[to - x] = src[row + x];
                    }
                  });
      default ->
          IntStream.range(0, h)
              .parallel()
              .forEach(
                  y -> {
                    int row = y * w;
                    for (int x = 0; x < w; x++) {
                      dst[(w - 1 - x) * nw + y] = src[row + x];
                    }
                  });
    }
    return out;
  }

  static BufferedImage flip(BufferedImage img, String direction) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] src = pixels(img);
    BufferedImage out = new BufferedImage(w, h, img.getType());
    int[] dst = pixels(out);
    boolean horizontal = direction.equals("horizontal");
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              if (horizontal) {
                int row = y * w;
                for (int x = 0; x < w; x++) {
                  dst[row + w - 1 - x] = src[row + x];
                }
              } else {
                System.arraycopy(src, y * w, dst, (h - 1 - y) * w, w);
              }
            });
    return out;
  }

  static BufferedImage crop(BufferedImage img, EditRequest r) throws EditRefused {
    int w = img.getWidth();
    int h = img.getHeight();
    int x = (int) number(r, "x", 0, 0, w - 1);
    int y = (int) number(r, "y", 0, 0, h - 1);
    int cw = (int) number(r, "width", w - x, 1, w - x);
    int ch = (int) number(r, "height", h - y, 1, h - y);
    BufferedImage out = new BufferedImage(cw, ch, img.getType());
    int[] src = pixels(img);
    int[] dst = pixels(out);
    for (int row = 0; row < ch; row++) {
      System.arraycopy(src, (y + row) * w + x, dst, row * cw, cw);
    }
    return out;
  }

  static BufferedImage resize(BufferedImage img, EditRequest r) throws EditRefused {
    int w = img.getWidth();
    int h = img.getHeight();
    int longest = (int) number(r, "longest", 0, 0, ImageLimits.MAX_SIDE);
    int nw = (int) number(r, "width", 0, 0, ImageLimits.MAX_SIDE);
    int nh = (int) number(r, "height", 0, 0, ImageLimits.MAX_SIDE);
    if (longest > 0) {
      double s = longest / (double) Math.max(w, h);
      nw = Math.max(1, (int) Math.round(w * s));
      nh = Math.max(1, (int) Math.round(h * s));
    } else if (nw > 0 && nh == 0) {
      nh = Math.max(1, (int) Math.round(h * (nw / (double) w)));
    } else if (nh > 0 && nw == 0) {
      nw = Math.max(1, (int) Math.round(w * (nh / (double) h)));
    } else if (nw == 0) {
      throw new EditRefused("images.refused.resize");
    }
    return scale(img, nw, nh);
  }

  /** Scales with area averaging when shrinking (halving first), bicubic when growing. */
  static BufferedImage scale(BufferedImage img, int nw, int nh) {
    BufferedImage cur = img;
    while (cur.getWidth() >= nw * 2 && cur.getHeight() >= nh * 2) {
      cur = half(cur);
    }
    if (cur.getWidth() == nw && cur.getHeight() == nh) {
      return cur;
    }
    BufferedImage out = new BufferedImage(nw, nh, cur.getType());
    Graphics2D g = out.createGraphics();
    try {
      boolean grow = nw > cur.getWidth();
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION,
          grow
              ? RenderingHints.VALUE_INTERPOLATION_BICUBIC
              : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setComposite(AlphaComposite.Src);
      g.drawImage(cur, 0, 0, nw, nh, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Halves both sides, each new pixel the mean of four. */
  static BufferedImage half(BufferedImage img) {
    int w = img.getWidth() / 2;
    int h = img.getHeight() / 2;
    int sw = img.getWidth();
    int[] src = pixels(img);
    BufferedImage out = new BufferedImage(w, h, img.getType());
    int[] dst = pixels(out);
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              int r0 = 2 * y * sw;
              int r1 = r0 + sw;
              for (int x = 0; x < w; x++) {
                int a = src[r0 + 2 * x];
                int b = src[r0 + 2 * x + 1];
                int c = src[r1 + 2 * x];
                int d = src[r1 + 2 * x + 1];
                int al = ((a >>> 24) + (b >>> 24) + (c >>> 24) + (d >>> 24) + 2) >> 2;
                int rr =
                    (((a >> 16) & 255)
                            + ((b >> 16) & 255)
                            + ((c >> 16) & 255)
                            + ((d >> 16) & 255)
                            + 2)
                        >> 2;
                int gg =
                    (((a >> 8) & 255) + ((b >> 8) & 255) + ((c >> 8) & 255) + ((d >> 8) & 255) + 2)
                        >> 2;
                int bb = ((a & 255) + (b & 255) + (c & 255) + (d & 255) + 2) >> 2;
                dst[y * w + x] = (al << 24) | (rr << 16) | (gg << 8) | bb;
              }
            });
    return out;
  }

  /** The image scaled down to fit {@code max} on its longer side (unchanged when it fits). */
  static BufferedImage fit(BufferedImage img, int max) {
    int w = img.getWidth();
    int h = img.getHeight();
    if (Math.max(w, h) <= max) {
      return img;
    }
    double s = max / (double) Math.max(w, h);
    return scale(img, Math.max(1, (int) (w * s)), Math.max(1, (int) (h * s)));
  }

  // --------------------------------------------------------------------------------- appearance

  /** Applies a per-channel table to R, G and B (alpha kept). */
  static BufferedImage lut(BufferedImage img, int[] r, int[] g, int[] b) {
    BufferedImage out = copy(img);
    int[] p = pixels(out);
    IntStream.range(0, img.getHeight())
        .parallel()
        .forEach(
            y -> {
              int from = y * img.getWidth();
              for (int i = from; i < from + img.getWidth(); i++) {
                int c = p[i];
                p[i] =
                    (c & 0xff000000)
                        | (r[(c >> 16) & 255] << 16)
                        | (g[(c >> 8) & 255] << 8)
                        | b[c & 255];
              }
            });
    return out;
  }

  static int clamp(double v) {
    return v <= 0 ? 0 : v >= 255 ? 255 : (int) (v + 0.5);
  }

  static BufferedImage brightness(BufferedImage img, double amount) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      t[i] = clamp(i + amount * 2.55);
    }
    return lut(img, t, t, t);
  }

  static BufferedImage contrast(BufferedImage img, double amount) {
    double f = amount >= 0 ? 1 + amount / 50.0 : 1 + amount / 100.0;
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      t[i] = clamp((i - 128) * f + 128);
    }
    return lut(img, t, t, t);
  }

  /** Mixes each pixel with its luma, by a 3×3 matrix (saturation, hue, sepia are all one). */
  static BufferedImage matrix(BufferedImage img, double[] m) {
    BufferedImage out = copy(img);
    int[] p = pixels(out);
    int w = img.getWidth();
    IntStream.range(0, img.getHeight())
        .parallel()
        .forEach(
            y -> {
              for (int i = y * w; i < y * w + w; i++) {
                int c = p[i];
                int r = (c >> 16) & 255;
                int g = (c >> 8) & 255;
                int b = c & 255;
                p[i] =
                    (c & 0xff000000)
                        | (clamp(m[0] * r + m[1] * g + m[2] * b) << 16)
                        | (clamp(m[3] * r + m[4] * g + m[5] * b) << 8)
                        | clamp(m[6] * r + m[7] * g + m[8] * b);
              }
            });
    return out;
  }

  static BufferedImage saturation(BufferedImage img, double amount) {
    double s = 1 + amount / 100.0;
    double lr = 0.2126;
    double lg = 0.7152;
    double lb = 0.0722;
    return matrix(
        img,
        new double[] {
          lr + (1 - lr) * s,
          lg - lg * s,
          lb - lb * s,
          lr - lr * s,
          lg + (1 - lg) * s,
          lb - lb * s,
          lr - lr * s,
          lg - lg * s,
          lb + (1 - lb) * s
        });
  }

  /** Rotates hues around the grey axis, keeping luma (the W3C filter's matrix). */
  static BufferedImage hue(BufferedImage img, double degrees) {
    double a = Math.toRadians(degrees);
    double c = Math.cos(a);
    double s = Math.sin(a);
    return matrix(
        img,
        new double[] {
          0.213 + c * 0.787 - s * 0.213,
          0.715 - c * 0.715 - s * 0.715,
          0.072 - c * 0.072 + s * 0.928,
          0.213 - c * 0.213 + s * 0.143,
          0.715 + c * 0.285 + s * 0.140,
          0.072 - c * 0.072 - s * 0.283,
          0.213 - c * 0.213 - s * 0.787,
          0.715 - c * 0.715 + s * 0.715,
          0.072 + c * 0.928 + s * 0.072
        });
  }

  /**
   * White balance: {@code temperature} (-100 cool … 100 warm) and {@code tint} (-100 green … 100
   * magenta), or {@code mode=auto} (grey world: the mean colour becomes grey).
   */
  static BufferedImage whiteBalance(BufferedImage img, EditRequest r) throws EditRefused {
    double rs;
    double gs;
    double bs;
    if (choice(r, "mode", "manual", "manual", "auto").equals("auto")) {
      long[] sum = new long[3];
      int[] p = pixels(img);
      for (int i = 0; i < p.length; i += 7) {
        sum[0] += (p[i] >> 16) & 255;
        sum[1] += (p[i] >> 8) & 255;
        sum[2] += p[i] & 255;
      }
      double grey = (sum[0] + sum[1] + sum[2]) / 3.0;
      rs = sum[0] == 0 ? 1 : grey / sum[0];
      gs = sum[1] == 0 ? 1 : grey / sum[1];
      bs = sum[2] == 0 ? 1 : grey / sum[2];
    } else {
      double t = number(r, "temperature", 20, -100, 100) / 100.0;
      double tint = number(r, "tint", 0, -100, 100) / 100.0;
      rs = 1 + 0.3 * t + 0.1 * tint;
      gs = 1 - 0.2 * tint;
      bs = 1 - 0.3 * t + 0.1 * tint;
    }
    int[] tr = new int[256];
    int[] tg = new int[256];
    int[] tb = new int[256];
    for (int i = 0; i < 256; i++) {
      tr[i] = clamp(i * rs);
      tg[i] = clamp(i * gs);
      tb[i] = clamp(i * bs);
    }
    return lut(img, tr, tg, tb);
  }

  /** Gaussian blur with standard deviation {@code sigma}, separable, on R, G, B and alpha. */
  static BufferedImage blur(BufferedImage img, double sigma) {
    int w = img.getWidth();
    int h = img.getHeight();
    int radius = Math.max(1, (int) Math.ceil(sigma * 3));
    int[] kernel = new int[2 * radius + 1];
    double[] k = new double[kernel.length];
    double total = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
      total += k[i + radius];
    }
    // Fixed point (16 bits): integer arithmetic, exact enough for 8-bit channels.
    int sum = 0;
    for (int i = 0; i < k.length; i++) {
      kernel[i] = (int) Math.round(k[i] / total * 65536);
      sum += kernel[i];
    }
    kernel[radius] += 65536 - sum;
    int[] src = pixels(img);
    int[] tmp = new int[w * h];
    BufferedImage out = new BufferedImage(w, h, img.getType());
    int[] dst = pixels(out);
    // Horizontal pass into tmp, then vertical pass into dst; edges repeat the border pixel.
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              int row = y * w;
              for (int x = 0; x < w; x++) {
                long a = 0;
                long r = 0;
                long g = 0;
                long b = 0;
                for (int j = -radius; j <= radius; j++) {
                  int xx = x + j;
                  xx = xx < 0 ? 0 : xx >= w ? w - 1 : xx;
                  int c = src[row + xx];
                  int kv = kernel[j + radius];
                  a += (long) (c >>> 24) * kv;
                  r += (long) ((c >> 16) & 255) * kv;
                  g += (long) ((c >> 8) & 255) * kv;
                  b += (long) (c & 255) * kv;
                }
                tmp[row + x] = pack(a, r, g, b);
              }
            });
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              long[] acc = new long[4 * w];
              for (int j = -radius; j <= radius; j++) {
                int yy = y + j;
                yy = yy < 0 ? 0 : yy >= h ? h - 1 : yy;
                int row = yy * w;
                int kv = kernel[j + radius];
                for (int x = 0; x < w; x++) {
                  int c = tmp[row + x];
                  int o = x << 2;
                  acc[o] += (long) (c >>> 24) * kv;
                  acc[o + 1] += (long) ((c >> 16) & 255) * kv;
                  acc[o + 2] += (long) ((c >> 8) & 255) * kv;
                  acc[o + 3] += (long) (c & 255) * kv;
                }
              }
              int row = y * w;
              for (int x = 0; x < w; x++) {
                int o = x << 2;
                dst[row + x] = pack(acc[o], acc[o + 1], acc[o + 2], acc[o + 3]);
              }
            });
    if (!img.getColorModel().hasAlpha()) {
      for (int i = 0; i < dst.length; i++) {
        dst[i] |= 0xff000000;
      }
    }
    return out;
  }

  private static int pack(long a, long r, long g, long b) {
    return (int) (((a + 32768) >> 16) << 24)
        | (int) (((r + 32768) >> 16) << 16)
        | (int) (((g + 32768) >> 16) << 8)
        | (int) ((b + 32768) >> 16);
  }

  /** Unsharp mask: the image plus {@code amount}% of its difference from a blurred copy. */
  static BufferedImage sharpen(BufferedImage img, double amount, double sigma) {
    BufferedImage soft = blur(img, sigma);
    int[] s = pixels(img);
    int[] b = pixels(soft);
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), img.getType());
    int[] o = pixels(out);
    double f = amount / 100.0;
    IntStream.range(0, s.length / Math.max(1, img.getWidth()))
        .parallel()
        .forEach(
            y -> {
              int w = img.getWidth();
              for (int i = y * w; i < y * w + w; i++) {
                int c = s[i];
                int d = b[i];
                o[i] =
                    (c & 0xff000000)
                        | (clamp(ch(c, 16) + f * (ch(c, 16) - ch(d, 16))) << 16)
                        | (clamp(ch(c, 8) + f * (ch(c, 8) - ch(d, 8))) << 8)
                        | clamp(ch(c, 0) + f * (ch(c, 0) - ch(d, 0)));
              }
            });
    return out;
  }

  private static int ch(int c, int shift) {
    return (c >> shift) & 255;
  }

  /** Median filter of radius {@code strength} per channel: removes speckle, keeps edges. */
  static BufferedImage denoise(BufferedImage img, int strength) {
    int w = img.getWidth();
    int h = img.getHeight();
    int rad = strength;
    int[] src = pixels(img);
    BufferedImage out = new BufferedImage(w, h, img.getType());
    int[] dst = pixels(out);
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              int n = (2 * rad + 1) * (2 * rad + 1);
              int[] hr = new int[256];
              int[] hg = new int[256];
              int[] hb = new int[256];
              for (int x = 0; x < w; x++) {
                java.util.Arrays.fill(hr, 0);
                java.util.Arrays.fill(hg, 0);
                java.util.Arrays.fill(hb, 0);
                for (int dy = -rad; dy <= rad; dy++) {
                  int yy = Math.min(h - 1, Math.max(0, y + dy));
                  for (int dx = -rad; dx <= rad; dx++) {
                    int xx = Math.min(w - 1, Math.max(0, x + dx));
                    int c = src[yy * w + xx];
                    hr[(c >> 16) & 255]++;
                    hg[(c >> 8) & 255]++;
                    hb[c & 255]++;
                  }
                }
                int c = src[y * w + x];
                dst[y * w + x] =
                    (c & 0xff000000) | (median(hr, n) << 16) | (median(hg, n) << 8) | median(hb, n);
              }
            });
    return out;
  }

  private static int median(int[] histogram, int n) {
    int half = n / 2;
    int seen = 0;
    for (int v = 0; v < 256; v++) {
      seen += histogram[v];
      if (seen > half) {
        return v;
      }
    }
    return 255;
  }

  // ------------------------------------------------------------------------------------- styles

  static BufferedImage sepia(BufferedImage img) {
    return matrix(
        img, new double[] {0.393, 0.769, 0.189, 0.349, 0.686, 0.168, 0.272, 0.534, 0.131});
  }

  static BufferedImage posterise(BufferedImage img, int levels) {
    int[] t = new int[256];
    double step = 255.0 / (levels - 1);
    for (int i = 0; i < 256; i++) {
      t[i] = clamp(Math.round(i / step) * step);
    }
    return lut(img, t, t, t);
  }

  static BufferedImage grey(BufferedImage img) {
    return saturation(img, -100);
  }

  /** Pencil sketch: grey, inverted and blurred, then colour-dodged onto the grey. */
  static BufferedImage sketch(BufferedImage img) {
    BufferedImage g = grey(img);
    int w = g.getWidth();
    int h = g.getHeight();
    BufferedImage inverted = lut(g, invert(), invert(), invert());
    BufferedImage soft = blur(inverted, Math.max(2, Math.max(w, h) / 300.0));
    int[] base = pixels(g);
    int[] top = pixels(soft);
    BufferedImage out = new BufferedImage(w, h, img.getType());
    int[] o = pixels(out);
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              for (int i = y * w; i < y * w + w; i++) {
                int b = base[i] & 255;
                int t = top[i] & 255;
                int v = t >= 255 ? 255 : Math.min(255, (b << 8) / (256 - t));
                o[i] = (base[i] & 0xff000000) | (v << 16) | (v << 8) | v;
              }
            });
    return out;
  }

  private static int[] invert() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      t[i] = 255 - i;
    }
    return t;
  }

  /** Cartoon: smoothed, posterised colours with dark edges. */
  static BufferedImage cartoon(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    double scale = Math.max(w, h) / 1000.0;
    BufferedImage smooth = posterise(denoise(blur(img, Math.max(1, scale)), 2), 6);
    int[] g = pixels(grey(blur(img, Math.max(1, scale * 1.5))));
    int[] s = pixels(smooth);
    BufferedImage out = new BufferedImage(w, h, img.getType());
    int[] o = pixels(out);
    IntStream.range(0, h)
        .parallel()
        .forEach(
            y -> {
              for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int xl = Math.max(0, x - 1);
                int xr = Math.min(w - 1, x + 1);
                int yu = Math.max(0, y - 1);
                int yd = Math.min(h - 1, y + 1);
                int gx = (g[y * w + xr] & 255) - (g[y * w + xl] & 255);
                int gy = (g[yd * w + x] & 255) - (g[yu * w + x] & 255);
                boolean edge = gx * gx + gy * gy > 24 * 24;
                o[i] = edge ? (s[i] & 0xff000000) | 0x202020 : s[i];
              }
            });
    return out;
  }

  // --------------------------------------------------------------------------------------- text

  /**
   * Adds {@code text} (any script; lines split at new lines) in {@code font} at {@code size}
   * pixels, {@code color} (#rrggbb), its centre at ({@code x}, {@code y}) as fractions of the width
   * and height, with an optional {@code outline} colour for legibility.
   */
  static BufferedImage addText(BufferedImage img, EditRequest r) throws EditRefused {
    String text = r.parameter("text", "");
    if (text.isEmpty()) {
      throw new EditRefused("images.refused.text-empty");
    }
    if (text.length() > 500) {
      throw new EditRefused("images.refused.text-long", 500);
    }
    int w = img.getWidth();
    int h = img.getHeight();
    float size = (float) number(r, "size", Math.max(12, Math.min(w, h) / 12.0), 4, 2000);
    Font font = TextFonts.font(r.parameter("font", "sans"), size);
    Color color = color(r.parameter("color", "#ffffff"), "color");
    String outlineText = r.parameter("outline", "");
    Color outline = outlineText.isEmpty() ? null : color(outlineText, "outline");
    double cx = number(r, "x", 0.5, 0, 1) * w;
    double cy = number(r, "y", 0.5, 0, 1) * h;
    BufferedImage out = copy(img);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      FontRenderContext frc = g.getFontRenderContext();
      List<TextLayout> lines = new ArrayList<>();
      for (String line : text.split("\\R", -1)) {
        lines.add(
            new TextLayout(withFallback(line.isEmpty() ? " " : line, font).getIterator(), frc));
      }
      double lineHeight = 0;
      for (TextLayout l : lines) {
        lineHeight = Math.max(lineHeight, l.getAscent() + l.getDescent() + l.getLeading());
      }
      double top = cy - lineHeight * lines.size() / 2.0;
      for (int i = 0; i < lines.size(); i++) {
        TextLayout l = lines.get(i);
        Rectangle2D bounds = l.getBounds();
        double x = cx - l.getAdvance() / 2.0;
        double baseline = top + i * lineHeight + l.getAscent();
        Shape shape = l.getOutline(AffineTransform.getTranslateInstance(x, baseline));
        if (outline != null) {
          g.setColor(outline);
          g.setStroke(
              new BasicStroke(
                  Math.max(1f, size / 12f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
          g.draw(shape);
        }
        g.setColor(color);
        g.fill(shape);
        if (bounds.isEmpty() && !lines.get(i).toString().isBlank()) {
          throw new EditRefused("images.refused.text-empty");
        }
      }
    } finally {
      g.dispose();
    }
    return out;
  }

  /** The text in {@code font}, each run the font cannot show in the bundled CJK font. */
  static AttributedString withFallback(String text, Font font) {
    AttributedString s = new AttributedString(text);
    s.addAttribute(TextAttribute.FONT, font);
    Font fallback = TextFonts.noto().deriveFont(font.getStyle(), font.getSize2D());
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int n = Character.charCount(cp);
      if (!font.canDisplay(cp) && fallback.canDisplay(cp)) {
        s.addAttribute(TextAttribute.FONT, fallback, i, i + n);
      }
      i += n;
    }
    return s;
  }

  static Color color(String text, String name) throws EditRefused {
    String t = text.strip();
    if (t.matches("#?[0-9a-fA-F]{6}")) {
      return new Color(Integer.parseInt(t.replace("#", ""), 16));
    }
    throw new EditRefused("images.refused.color", name, text);
  }

  // -------------------------------------------------------------------------------------- util

  static int[] pixels(BufferedImage img) {
    return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
  }

  static BufferedImage copy(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), img.getType());
    System.arraycopy(pixels(img), 0, pixels(out), 0, pixels(img).length);
    return out;
  }

  static BufferedImage affine(BufferedImage img, AffineTransform t) {
    return new AffineTransformOp(t, AffineTransformOp.TYPE_BILINEAR).filter(img, null);
  }
}
