package dev.pledge.server.accesslog;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Feeds characters to the byte-level anonymiser as UTF-8. Addresses are ASCII and no UTF-8
 * multi-byte sequence contains an ASCII byte, so the anonymiser never cuts through a character. A
 * lone surrogate, which no encoding can carry, becomes '?'.
 */
final class Utf8ReaderStream extends InputStream {
  private final Reader reader;
  private final CharsetEncoder encoder =
      StandardCharsets.UTF_8
          .newEncoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final CharBuffer chars = CharBuffer.allocate(8192);
  // Three bytes per char at most, plus room for a replacement.
  private final ByteBuffer bytes = ByteBuffer.allocate(8192 * 3 + 16);
  private boolean endOfInput;
  private boolean finished;

  Utf8ReaderStream(Reader reader) {
    this.reader = reader;
    chars.flip();
    bytes.flip();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] dst, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (!bytes.hasRemaining()) {
      if (finished) {
        return -1;
      }
      fill();
    }
    int n = Math.min(len, bytes.remaining());
    bytes.get(dst, off, n);
    return n;
  }

  @Override
  public int available() {
    return bytes.remaining();
  }

  private void fill() throws IOException {
    bytes.clear();
    if (!endOfInput) {
      chars.compact();
      int read = reader.read(chars);
      chars.flip();
      endOfInput = read < 0;
    }
    encoder.encode(chars, bytes, endOfInput);
    if (endOfInput) {
      encoder.flush(bytes);
      finished = true;
    }
    bytes.flip();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
