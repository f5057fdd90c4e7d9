package dev.pledge.server.accesslog;

/**
 * Byte classes for the hand-written parsers. A table lookup per byte keeps the hot loops free of
 * chains of comparisons and of regular expressions.
 */
final class AddressChars {
  static final byte DIGIT = 1;
  static final byte HEX_LETTER = 2;
  static final byte DOT = 4;
  static final byte COLON = 8;

  /** A letter that cannot be part of an address: it makes an adjacent run part of a word. */
  static final byte WORD = 16;

  /** Bytes that can occur inside a textual IPv4 or IPv6 address (zone ids aside). */
  static final byte ADDRESS = DIGIT | HEX_LETTER | DOT | COLON;

  private static final byte[] CLASS = new byte[256];
  private static final byte[] HEX_VALUE = new byte[256];

  static {
    java.util.Arrays.fill(HEX_VALUE, (byte) -1);
    for (int c = '0'; c <= '9'; c++) {
      CLASS[c] = DIGIT;
      HEX_VALUE[c] = (byte) (c - '0');
    }
    for (int c = 'a'; c <= 'z'; c++) {
      boolean hex = c <= 'f';
      CLASS[c] = hex ? HEX_LETTER : WORD;
      CLASS[c - 'a' + 'A'] = hex ? HEX_LETTER : WORD;
      if (hex) {
        HEX_VALUE[c] = (byte) (c - 'a' + 10);
        HEX_VALUE[c - 'a' + 'A'] = (byte) (c - 'a' + 10);
      }
    }
    CLASS['_'] = WORD;
    CLASS['.'] = DOT;
    CLASS[':'] = COLON;
  }

  private AddressChars() {}

  static int classOf(byte b) {
    return CLASS[b & 0xFF];
  }

  static boolean isDigit(byte b) {
    return CLASS[b & 0xFF] == DIGIT;
  }

  static boolean isWord(byte b) {
    return CLASS[b & 0xFF] == WORD;
  }

  /** The value of a hexadecimal digit, or -1. */
  static int hexValue(byte b) {
    return HEX_VALUE[b & 0xFF];
  }

  static int indexOf(byte[] b, byte wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == wanted) {
        return i;
      }
    }
    return -1;
  }
}
