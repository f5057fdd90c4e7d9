package dev.pledge.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A reusable output buffer that addresses are rendered into directly, so a line is written without
 * building a String. Unlike a BufferedOutputStream it lets callers reserve room and write into the
 * array themselves.
 */
final class OutputBuffer {
  /** Room for the longest rendering of one address. */
  static final int ADDRESS_ROOM = 64;

  private final OutputStream out;
  private final byte[] buf;
  private int pos;

  OutputBuffer(OutputStream out, int size) {
    this.out = out;
    this.buf = new byte[size];
  }

  void write(byte[] src, int off, int len) throws IOException {
    if (len <= buf.length - pos) {
      System.arraycopy(src, off, buf, pos, len);
      pos += len;
      return;
    }
    drain();
    if (len > buf.length / 2) {
      // A 100 KB URL goes straight through instead of being copied in slices.
      out.write(src, off, len);
    } else {
      System.arraycopy(src, off, buf, 0, len);
      pos = len;
    }
  }

  void write(byte[] src) throws IOException {
    write(src, 0, src.length);
  }

  void write(byte b) throws IOException {
    if (pos == buf.length) {
      drain();
    }
    buf[pos++] = b;
  }

  /** Makes room for {@code n} bytes; the caller writes at {@link #position()} and then advances. */
  byte[] reserve(int n) throws IOException {
    if (buf.length - pos < n) {
      drain();
    }
    return buf;
  }

  int position() {
    return pos;
  }

  void advanceTo(int newPosition) {
    pos = newPosition;
  }

  /** Writes what is buffered and flushes the stream underneath, so a reader sees it now. */
  void flush() throws IOException {
    drain();
    out.flush();
  }

  private void drain() throws IOException {
    if (pos > 0) {
      out.write(buf, 0, pos);
      pos = 0;
    }
  }
}
