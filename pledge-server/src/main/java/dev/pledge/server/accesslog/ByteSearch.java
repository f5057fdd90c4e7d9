package dev.pledge.server.accesslog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Byte searches that look at eight bytes per step (SWAR: a long read through a VarHandle, which the
 * JIT turns into one load). Log lines are mostly bytes the anonymiser has nothing to do with;
 * skipping them a word at a time is what makes a million lines a second possible.
 */
final class ByteSearch {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private ByteSearch() {}

  /** The first index of {@code c} in {@code [from, to)}, or -1. */
  static int indexOf(byte[] b, int from, int to, byte c) {
    long pattern = (c & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long hits = zeroBytes((long) LONGS.get(b, i) ^ pattern);
      if (hits != 0) {
        return i + firstMarked(hits);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c) {
        return i;
      }
    }
    return -1;
  }

  /** The first index of {@code c1} or {@code c2} in {@code [from, to)}, or -1. */
  static int indexOfEither(byte[] b, int from, int to, byte c1, byte c2) {
    long pattern1 = (c1 & 0xFFL) * ONES;
    long pattern2 = (c2 & 0xFFL) * ONES;
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long word = (long) LONGS.get(b, i);
      long hits = zeroBytes(word ^ pattern1) | zeroBytes(word ^ pattern2);
      if (hits != 0) {
        return i + firstMarked(hits);
      }
    }
    for (; i < to; i++) {
      if (b[i] == c1 || b[i] == c2) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The index (0 to 7) of the lowest byte whose high bit {@code marks} sets; {@code marks} has only
   * high bits of bytes set, and at least one. The lowest mark, isolated, is {@code 1 << (8k + 7)};
   * shifted down to {@code 1 << 8k} and multiplied, it moves byte {@code 7 - k} of the constant —
   * which holds {@code k} — to the top. {@code Long.numberOfTrailingZeros} does the same, but the
   * launcher runs the CLI with C1 only, which calls it as an ordinary method: in a profile of a
   * million real log lines that call was a quarter of the scanner's time.
   */
  static int firstMarked(long marks) {
    return (int) ((((marks & -marks) >>> 7) * 0x0001020304050607L) >>> 56);
  }

  /** Eight bytes of {@code b} from {@code at}, the first in the lowest byte. */
  static long word(byte[] b, int at) {
    return (long) LONGS.get(b, at);
  }

  /** The high bit of each byte of {@code word} that is a dot or a colon, and of no other. */
  static long dotsAndColons(long word) {
    return exactZeroBytes(word ^ DOTS) | exactZeroBytes(word ^ COLONS);
  }

  private static final long DOTS = ('.' & 0xFFL) * ONES;
  private static final long COLONS = (':' & 0xFFL) * ONES;
  private static final long LOWS = 0x7F7F7F7F7F7F7F7FL;

  /** Like {@link #zeroBytes} but without borrows, so every mark is a zero byte. */
  private static long exactZeroBytes(long x) {
    return ~(((x & LOWS) + LOWS) | x | LOWS);
  }

  /**
   * The high bit of each zero byte of {@code x}. Borrows can also mark bytes above a zero byte,
   * never below one, so the lowest mark is always a true zero byte.
   */
  private static long zeroBytes(long x) {
    return (x - ONES) & ~x & HIGHS;
  }
}
