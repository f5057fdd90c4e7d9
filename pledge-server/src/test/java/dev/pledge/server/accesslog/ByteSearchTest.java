package dev.pledge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The word-at-a-time searches agree with a byte-by-byte look at every position. */
class ByteSearchTest {

  @Test
  void firstMarkedIsTheLowestMarkedByteForEveryCombinationOfMarks() {
    for (int set = 1; set < 256; set++) {
      long marks = 0;
      for (int k = 0; k < 8; k++) {
        if ((set & (1 << k)) != 0) {
          marks |= 0x80L << (8 * k);
        }
      }
      assertThat(ByteSearch.firstMarked(marks))
          .as("marks %016x", marks)
          .isEqualTo(Integer.numberOfTrailingZeros(set));
    }
  }

  @Test
  void indexOfFindsEachByteAtEveryOffsetAndAlignment() {
    byte[] line =
        "GET /a.b:c HTTP/1.1 \"Mozilla/5.0\" 10.0.0.1".getBytes(StandardCharsets.US_ASCII);
    for (int from = 0; from < line.length; from++) {
      for (byte c : new byte[] {'.', ':', '"', ' ', 'z'}) {
        assertThat(ByteSearch.indexOf(line, from, line.length, c))
            .as("'%c' from %d", (char) c, from)
            .isEqualTo(naiveIndexOf(line, from, c, c));
        assertThat(ByteSearch.indexOfEither(line, from, line.length, c, (byte) '/'))
            .as("'%c' or '/' from %d", (char) c, from)
            .isEqualTo(naiveIndexOf(line, from, c, (byte) '/'));
      }
    }
  }

  private static int naiveIndexOf(byte[] b, int from, byte c1, byte c2) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == c1 || b[i] == c2) {
        return i;
      }
    }
    return -1;
  }
}
