package dev.pledge.server.images;

import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Decoding and encoding, with the reader chosen by the bytes' format (TwelveMonkeys for JPEG and
 * WebP, the JDK's for PNG) and the writer by the wanted format (the JDK's for PNG and JPEG, libwebp
 * for WebP). Decoding happens in the worker process only, after the header was checked.
 */
final class ImageCodecs {

  static {
    ImageIO.setUseCache(false); // no temporary files: the worker works in memory
  }

  private ImageCodecs() {}

  /** Decodes a checked image, upright (its orientation applied), as RGB or ARGB. */
  static BufferedImage decode(CleanImage image) throws IOException {
    return decode(image, 1);
  }

  /** Decodes a checked image, taking every {@code step}th pixel (a cheap preview), upright. */
  static BufferedImage decode(CleanImage image, int step) throws IOException {
    BufferedImage raw = read(image.bytes(), image.format(), step);
    BufferedImage upright = orient(raw, image.orientation());
    return normalise(upright);
  }

  private static BufferedImage read(byte[] bytes, ImageFormat format, int step) throws IOException {
    ImageReader reader = reader(format);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, true, true);
      ImageReadParam param = reader.getDefaultReadParam();
      if (step > 1) {
        param.setSourceSubsampling(step, step, 0, 0);
      }
      return reader.read(0, param);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReader reader(ImageFormat format) {
    String wanted =
        switch (format) {
          case JPEG -> "com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReader";
          case WEBP -> "com.twelvemonkeys.imageio.plugins.webp.WebPImageReader";
          case PNG -> "com.sun.imageio.plugins.png.PNGImageReader";
        };
    ImageReader fallback = null;
    for (Iterator<ImageReader> it = ImageIO.getImageReadersByMIMEType(format.mediaType());
        it.hasNext(); ) {
      ImageReader r = it.next();
      if (r.getClass().getName().equals(wanted)) {
        return r;
      }
      if (fallback == null) {
        fallback = r;
      }
    }
    if (fallback == null) {
      throw new IllegalStateException("no image reader for " + format.mediaType());
    }
    return fallback;
  }

  /** Applies an EXIF orientation (1-8) to the pixels. */
  static BufferedImage orient(BufferedImage img, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return img;
    }
    int w = img.getWidth();
    int h = img.getHeight();
    AffineTransform t = new AffineTransform();
    switch (orientation) {
      case 2 -> {
        t.scale(-1, 1);
        t.translate(-w, 0);
      }
      case 3 -> {
        t.translate(w, h);
        t.rotate(Math.PI);
      }
      case 4 -> {
        t.scale(1, -1);
        t.translate(0, -h);
      }
      case 5 -> {
        t.rotate(-Math.PI / 2);
        t.scale(-1, 1);
      }
      case 6 -> {
        t.translate(h, 0);
        t.rotate(Math.PI / 2);
      }
      case 7 -> {
        t.scale(-1, 1);
        t.translate(-h, 0);
        t.translate(0, w);
        t.rotate(3 * Math.PI / 2);
      }
      case 8 -> {
        t.translate(0, w);
        t.rotate(3 * Math.PI / 2);
      }
      default -> {
        return img;
      }
    }
    BufferedImage src = normalise(img);
    return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(src, null);
  }

  /** The image as INT_RGB (opaque) or INT_ARGB, the two layouts the operations work on. */
  static BufferedImage normalise(BufferedImage img) {
    int type = img.getType();
    if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
      return img;
    }
    boolean alpha = img.getColorModel().hasAlpha();
    BufferedImage out =
        new BufferedImage(
            img.getWidth(),
            img.getHeight(),
            alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** Encodes {@code img} in {@code format}; JPEG and WebP at quality 0.9, without metadata. */
  static byte[] encode(BufferedImage img, ImageFormat format) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(img.getWidth() * img.getHeight() / 2);
    switch (format) {
      case PNG -> {
        ImageWriter w = writer("image/png", "com.sun.imageio.plugins.png.PNGImageWriter");
        write(w, img, null, bytes);
      }
      case JPEG -> {
        BufferedImage rgb = opaque(img);
        ImageWriter w = writer("image/jpeg", "com.sun.imageio.plugins.jpeg.JPEGImageWriter");
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        write(w, rgb, p, bytes);
      }
      case WEBP -> {
        ImageWriter w = writer("image/webp", "com.luciad.imageio.webp.WebPWriter");
        WebPWriteParam p = new WebPWriteParam(w.getLocale());
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionType(p.getCompressionTypes()[WebPWriteParam.LOSSY_COMPRESSION]);
        p.setCompressionQuality(0.9f);
        write(w, img, p, bytes);
      }
    }
    return bytes.toByteArray();
  }

  private static void write(
      ImageWriter w, BufferedImage img, ImageWriteParam p, ByteArrayOutputStream bytes)
      throws IOException {
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      w.setOutput(out);
      w.write(null, new IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
  }

  private static ImageWriter writer(String type, String wanted) {
    ImageWriter fallback = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByMIMEType(type); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (w.getClass().getName().equals(wanted)) {
        return w;
      }
      if (fallback == null) {
        fallback = w;
      }
    }
    if (fallback == null) {
      throw new IllegalStateException("no image writer for " + type);
    }
    return fallback;
  }

  static BufferedImage opaque(BufferedImage img) {
    if (!img.getColorModel().hasAlpha()) {
      return img.getType() == BufferedImage.TYPE_INT_RGB ? img : normalise(img);
    }
    BufferedImage rgb =
        new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.drawImage(img, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }
}
