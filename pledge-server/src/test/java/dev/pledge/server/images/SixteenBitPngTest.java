package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A 16-bit PNG is stored as uploaded, and its edits are 8-bit: the operations work on 8-bit pixels.
 * The upload form says so, in both languages.
 */
class SixteenBitPngTest {

  @Test
  @DisplayName(
      "a 16-bit PNG is stored with its 16 bits; a built-in edit of it is an 8-bit PNG; the"
          + " upload form's format help says so (en, zh-CN)")
  void editsAreEightBitAndTheFormSaysSo() throws Exception {
    byte[] sixteen = sixteenBitGreyPng(64, 48);
    assertThat(bitDepth(sixteen)).isEqualTo(16);

    CleanImage stored = ImageInspector.clean(sixteen, new ImageLimits(50_000_000, 50_000_000));
    assertThat(bitDepth(stored.bytes())).as("the stored upload").isEqualTo(16);

    EditResult edited =
        BuiltInOperations.run(
            new EditRequest(sixteen, "image/png", "flip", Map.of(), "", null, null, 50_000_000),
            Progress.ignored());
    assertThat(edited.contentType()).isEqualTo("image/png");
    assertThat(bitDepth(edited.image())).as("the edited version").isEqualTo(8);

    assertThat(message("images/messages.properties"))
        .contains("Edits work at 8 bits per channel")
        .contains("16-bit PNG is stored as uploaded");
    assertThat(message("images/messages_zh_CN.properties")).contains("8 位").contains("16 位 PNG");
  }

  private static byte[] sixteenBitGreyPng(int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster raster = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        raster.setSample(x, y, 0, (x * 1021 + y * 257) & 0xffff);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(img, "png", out)).isTrue();
    return out.toByteArray();
  }

  /** The bit depth in a PNG's IHDR: the byte after the signature, chunk header, width, height. */
  private static int bitDepth(byte[] png) {
    assertThat(new String(png, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
    return png[24] & 0xff;
  }

  private static String message(String bundle) throws Exception {
    Properties p = new Properties();
    try (InputStream in = SixteenBitPngTest.class.getClassLoader().getResourceAsStream(bundle)) {
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p.getProperty("images.upload.explain");
  }
}
