package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pledge.server.security.FuzzBudget;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes uploaded image headers (JPEG, PNG, WebP sniffing, sizes, metadata removal): bytes are
 * cleaned or refused with a message for the person (ImageRefused), and a cleaned image cleans again
 * to the same size — what was removed stays removed.
 */
@Tag("B-13")
@Tag("B-15")
class ImageHeaderFuzzTest {

  private static final ImageLimits LIMITS = new ImageLimits(1L << 20, 50_000_000L);

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: image headers are cleaned or refused with a message")
  void imageHeader(byte[] input) {
    CleanImage clean;
    try {
      clean = ImageInspector.clean(input, LIMITS);
    } catch (ImageRefused refused) {
      return;
    }
    CleanImage again = ImageInspector.clean(clean.bytes(), LIMITS);
    assertThat(again.format()).isEqualTo(clean.format());
    assertThat(again.width()).isEqualTo(clean.width());
    assertThat(again.height()).isEqualTo(clean.height());
  }
}
