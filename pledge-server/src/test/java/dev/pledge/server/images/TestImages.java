package dev.pledge.server.images;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Images made for tests: a photo-like gradient with shapes, as PNG or JPEG, and JPEGs carrying the
 * metadata a phone writes — GPS position, camera make, model and serial number, capture date, an
 * orientation and an EXIF thumbnail — built byte by byte, so each test knows exactly what is there.
 */
public final class TestImages {

  private TestImages() {}

  public static BufferedImage picture(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setPaint(new GradientPaint(0, 0, new Color(40, 90, 200), w, h, new Color(250, 180, 60)));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(20, 140, 60));
    g.fillOval(w / 8, h / 3, w / 3, h / 2);
    g.setColor(Color.WHITE);
    g.fillRect(w / 2, h / 6, w / 4, h / 4);
    g.dispose();
    return img;
  }

  public static byte[] png(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  public static byte[] jpeg(BufferedImage img) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }

  /**
   * A JPEG of {@code w}×{@code h} as a phone writes it: EXIF with GPS, camera, serial, thumbnail.
   */
  public static byte[] phoneJpeg(int w, int h, int orientation) throws IOException {
    byte[] plain = jpeg(picture(w, h));
    byte[] thumbnail = jpeg(picture(160, 120));
    return insertAfterSoi(plain, app1(exif(orientation, thumbnail)));
  }

  static byte[] app1(byte[] tiff) {
    byte[] head = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    int length = 2 + head.length + tiff.length;
    ByteBuffer b = ByteBuffer.allocate(2 + length);
    b.put((byte) 0xff).put((byte) 0xe1).putShort((short) length).put(head).put(tiff);
    return b.array();
  }

  static byte[] insertAfterSoi(byte[] jpeg, byte[] segment) {
    byte[] out = new byte[jpeg.length + segment.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(segment, 0, out, 2, segment.length);
    System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
    return out;
  }

  /** A big-endian TIFF block: IFD0, the EXIF IFD, the GPS IFD and IFD1 with a thumbnail. */
  static byte[] exif(int orientation, byte[] thumbnail) {
    Tiff t = new Tiff();
    Ifd ifd0 = new Ifd();
    ifd0.ascii(0x010f, "Examplecam");
    ifd0.ascii(0x0110, "X100 Pro");
    ifd0.shortValue(0x0112, orientation);
    Ifd exif = new Ifd();
    exif.ascii(0xa431, "SN-0042-7781");
    exif.ascii(0x9003, "2024:05:17 10:31:00");
    Ifd gps = new Ifd();
    gps.ascii(0x0001, "N");
    gps.rationals(0x0002, 48, 1, 51, 1, 2998, 100);
    gps.ascii(0x0003, "E");
    gps.rationals(0x0004, 2, 1, 17, 1, 4020, 100);
    Ifd ifd1 = new Ifd();
    ifd1.longValue(0x0201, -1); // thumbnail offset, patched
    ifd1.longValue(0x0202, thumbnail.length);
    return t.write(ifd0, exif, gps, ifd1, thumbnail);
  }

  private static final class Ifd {
    record Entry(int tag, int type, int count, byte[] value) {}

    final List<Entry> entries = new ArrayList<>();

    void ascii(int tag, String s) {
      byte[] v = (s + "\0").getBytes(StandardCharsets.ISO_8859_1);
      entries.add(new Entry(tag, 2, v.length, v));
    }

    void shortValue(int tag, int v) {
      entries.add(new Entry(tag, 3, 1, new byte[] {(byte) (v >> 8), (byte) v, 0, 0}));
    }

    void longValue(int tag, int v) {
      entries.add(new Entry(tag, 4, 1, ByteBuffer.allocate(4).putInt(v).array()));
    }

    void rationals(int tag, int... nd) {
      ByteBuffer b = ByteBuffer.allocate(nd.length * 4);
      for (int x : nd) {
        b.putInt(x);
      }
      entries.add(new Entry(tag, 5, nd.length / 2, b.array()));
    }

    int size() {
      int extra = 0;
      for (Entry e : entries) {
        if (e.value.length > 4) {
          extra += e.value.length + (e.value.length & 1);
        }
      }
      return 2 + entries.size() * 12 + 4 + extra;
    }
  }

  private static final class Tiff {
    byte[] write(Ifd ifd0, Ifd exif, Ifd gps, Ifd ifd1, byte[] thumbnail) {
      ifd0.longValue(0x8769, 0); // patched below
      ifd0.longValue(0x8825, 0);
      int at0 = 8;
      int atExif = at0 + ifd0.size();
      int atGps = atExif + exif.size();
      int at1 = atGps + gps.size();
      int atThumb = at1 + ifd1.size();
      patch(ifd0, 0x8769, atExif);
      patch(ifd0, 0x8825, atGps);
      patch(ifd1, 0x0201, atThumb);
      ByteBuffer b = ByteBuffer.allocate(atThumb + thumbnail.length);
      b.put(new byte[] {'M', 'M', 0, 42}).putInt(at0);
      put(b, ifd0, at0, at1);
      put(b, exif, atExif, 0);
      put(b, gps, atGps, 0);
      put(b, ifd1, at1, 0);
      b.put(thumbnail);
      return b.array();
    }

    private static void patch(Ifd ifd, int tag, int value) {
      for (int i = 0; i < ifd.entries.size(); i++) {
        if (ifd.entries.get(i).tag() == tag) {
          ifd.entries.set(
              i, new Ifd.Entry(tag, 4, 1, ByteBuffer.allocate(4).putInt(value).array()));
        }
      }
    }

    private static void put(ByteBuffer b, Ifd ifd, int at, int next) {
      b.position(at);
      ifd.entries.sort((x, y) -> Integer.compare(x.tag(), y.tag()));
      b.putShort((short) ifd.entries.size());
      int data = at + 2 + ifd.entries.size() * 12 + 4;
      List<byte[]> later = new ArrayList<>();
      for (Ifd.Entry e : ifd.entries) {
        b.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
        if (e.value().length <= 4) {
          byte[] v = new byte[4];
          System.arraycopy(e.value(), 0, v, 0, e.value().length);
          b.put(v);
        } else {
          b.putInt(data);
          later.add(e.value());
          data += e.value().length + (e.value().length & 1);
        }
      }
      b.putInt(next);
      for (byte[] v : later) {
        b.put(v);
        if ((v.length & 1) == 1) {
          b.put((byte) 0);
        }
      }
    }
  }
}
