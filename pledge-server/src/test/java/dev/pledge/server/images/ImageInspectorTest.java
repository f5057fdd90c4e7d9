package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Uploads are read from their structure, never decoded, and written again without metadata (B-15):
 * what a phone writes is gone, the picture is byte for byte the same JPEG data, and hostile files —
 * bombs, truncated files, polyglots, empty files, absurd sizes — are refused with a reason.
 */
class ImageInspectorTest {

  static final ImageLimits LIMITS = new ImageLimits(25L << 20, 50_000_000L);

  @Test
  @DisplayName("B-15 a phone JPEG loses GPS, camera, serial and thumbnail; its scan data is copied")
  void phoneJpegIsCleanedLosslessly() throws Exception {
    byte[] phone = TestImages.phoneJpeg(640, 480, 1);
    Metadata before = ImageMetadataReader.readMetadata(new ByteArrayInputStream(phone));
    assertThat(before.getFirstDirectoryOfType(GpsDirectory.class).getGeoLocation()).isNotNull();

    CleanImage clean = ImageInspector.clean(phone, LIMITS);
    MetadataReport.describe(phone, clean.removed());

    Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(clean.bytes()));
    assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
    assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
    assertThat(new String(clean.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("SN-0042")
        .doesNotContain("Examplecam");
    assertThat(clean.removed().counts())
        .containsEntry("gps", 1)
        .containsEntry("camera-serial", 1)
        .containsEntry("camera", 1)
        .containsEntry("date", 1)
        .containsEntry("thumbnail", 1);
    assertThat(clean.width()).isEqualTo(640);
    // Lossless: the entropy-coded data from the first SOS on is the same bytes.
    assertThat(Arrays.equals(tail(clean.bytes()), tail(phone))).isTrue();
  }

  @Test
  @DisplayName("B-15 the orientation stays (a one-tag EXIF) and decoding turns the picture upright")
  void orientationKept() throws Exception {
    byte[] phone = TestImages.phoneJpeg(64, 32, 6);
    CleanImage clean = ImageInspector.clean(phone, LIMITS);
    assertThat(clean.orientation()).isEqualTo(6);
    Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(clean.bytes()));
    ExifIFD0Directory ifd0 = after.getFirstDirectoryOfType(ExifIFD0Directory.class);
    assertThat(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
    assertThat(ifd0.getTagCount()).isEqualTo(1);
    BufferedImage upright = ImageCodecs.decode(clean);
    assertThat(upright.getWidth()).isEqualTo(32);
    assertThat(upright.getHeight()).isEqualTo(64);
  }

  @Test
  @DisplayName("B-15 PNG text chunks go; the colour data stays")
  void pngTextGoes() throws Exception {
    byte[] png = TestImages.png(TestImages.picture(50, 40));
    byte[] withText = insertChunk(png, "tEXt", "Author\0Dana Demo".getBytes());
    CleanImage clean = ImageInspector.clean(withText, LIMITS);
    assertThat(clean.bytes()).isEqualTo(png);
    assertThat(clean.removed().counts()).containsEntry("text", 1);
  }

  @Test
  @DisplayName("B-15 hostile files are refused from their structure, each with its reason")
  void hostileFiles() throws Exception {
    byte[] png = TestImages.png(TestImages.picture(50, 40));
    byte[] jpeg = TestImages.jpeg(TestImages.picture(50, 40));
    assertRefused(new byte[0], "images.upload.empty");
    assertRefused("hello, world".getBytes(), "images.upload.not-image");
    assertRefused(Arrays.copyOf(jpeg, jpeg.length / 2), "images.upload.truncated");
    assertRefused(Arrays.copyOf(png, png.length - 20), "images.upload.truncated");
    assertRefused(concat(jpeg, zip()), "images.upload.polyglot");
    assertRefused(
        concat(png, "<html><script>alert(1)</script>".getBytes()), "images.upload.polyglot");
    assertRefused(pngBomb(60_000, 60_000), "images.upload.side");
    assertRefused(pngBomb(15_000, 15_000), "images.upload.pixels");
    assertRefused(pngBomb(1, 100_000), "images.upload.side");
    assertRefused(pngBomb(1, 10_000), "images.upload.aspect");
    assertRefused(
        java.util.Arrays.copyOf(jpeg, jpeg.length),
        new ImageLimits(100, 50_000_000L),
        "images.upload.too-large");
  }

  static void assertRefused(byte[] bytes, String key) {
    assertRefused(bytes, LIMITS, key);
  }

  static void assertRefused(byte[] bytes, ImageLimits limits, String key) {
    assertThatThrownBy(() -> ImageInspector.clean(bytes, limits))
        .isInstanceOf(ImageRefused.class)
        .extracting(e -> ((ImageRefused) e).key())
        .isEqualTo(key);
  }

  static byte[] tail(byte[] jpeg) {
    // The last SOS: the first may be the EXIF thumbnail's.
    for (int i = jpeg.length - 2; i >= 2; i--) {
      if (jpeg[i] == (byte) 0xff && jpeg[i + 1] == (byte) 0xda) {
        return Arrays.copyOfRange(jpeg, i, jpeg.length);
      }
    }
    throw new AssertionError("no SOS");
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] zip() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var z = new java.util.zip.ZipOutputStream(bytes)) {
      z.putNextEntry(new java.util.zip.ZipEntry("payload.txt"));
      z.write("hidden".getBytes());
    }
    return bytes.toByteArray();
  }

  static byte[] chunk(String type, byte[] data) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(12 + data.length);
    b.putInt(data.length).put(type.getBytes()).put(data);
    CRC32 crc = new CRC32();
    crc.update(type.getBytes());
    crc.update(data);
    b.putInt((int) crc.getValue());
    return b.array();
  }

  static byte[] insertChunk(byte[] png, String type, byte[] data) {
    int afterIhdr = 8 + 25;
    byte[] c = chunk(type, data);
    byte[] out = new byte[png.length + c.length];
    System.arraycopy(png, 0, out, 0, afterIhdr);
    System.arraycopy(c, 0, out, afterIhdr, c.length);
    System.arraycopy(png, afterIhdr, out, afterIhdr + c.length, png.length - afterIhdr);
    return out;
  }

  /** A tiny PNG that claims {@code w}×{@code h}: a few kilobytes that would decode to gigabytes. */
  static byte[] pngBomb(int w, int h) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(13);
    ihdr.putInt(w).putInt(h).put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
    Deflater d = new Deflater(9);
    d.setInput(new byte[1 << 20]);
    d.finish();
    byte[] buf = new byte[1 << 16];
    int n = d.deflate(buf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    out.writeBytes(chunk("IHDR", ihdr.array()));
    out.writeBytes(chunk("IDAT", Arrays.copyOf(buf, n)));
    out.writeBytes(chunk("IEND", new byte[0]));
    return out.toByteArray();
  }
}
