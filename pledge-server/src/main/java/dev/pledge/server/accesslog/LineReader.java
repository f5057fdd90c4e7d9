package dev.pledge.server.accesslog;

import java.io.IOException;
import java.io.InputStream;

/**
 * Hands out lines as ranges of one reused byte buffer, so reading allocates nothing per line and
 * memory stays flat however long the input is.
 *
 * <p>The buffer grows for long lines up to {@code maxLine}. A longer line (a binary file without
 * newlines, say) is handed out in segments instead of being held whole; segments are cut after a
 * byte that cannot belong to an address, so no address is split between two of them.
 *
 * <p>Before it would wait for more input, the reader flushes the output: when the anonymiser sits
 * in a pipe behind a web server, each line reaches the log as soon as the input pauses, and a busy
 * pipe is still written in large blocks.
 */
final class LineReader {
  private final InputStream in;
  private final OutputBuffer flushBeforeWaiting;
  private final int maxLine;
  private byte[] buf;
  private int start;
  private int limit;
  private boolean eof;
  private boolean inOversizedLine;

  private int lineStart;
  private int lineEnd;
  private int terminatorEnd;
  private boolean startsLine;
  private boolean endsLine;

  LineReader(InputStream in, OutputBuffer flushBeforeWaiting, int initialSize, int maxLine) {
    this.in = in;
    this.flushBeforeWaiting = flushBeforeWaiting;
    this.buf = new byte[initialSize];
    this.maxLine = Math.max(maxLine, initialSize);
  }

  /** Advances to the next line or segment; false at the end of the input. */
  boolean next() throws IOException {
    int scanFrom = start;
    while (true) {
      int newline = ByteSearch.indexOf(buf, scanFrom, limit, (byte) '\n');
      if (newline >= 0) {
        set(start, newline, newline + 1, true);
        start = newline + 1;
        return true;
      }
      if (eof) {
        if (start < limit) {
          set(start, limit, limit, true);
          start = limit;
          return true;
        }
        return false;
      }
      int pending = limit - start;
      if (start > 0) {
        System.arraycopy(buf, start, buf, 0, pending);
        start = 0;
        limit = pending;
      }
      scanFrom = pending;
      if (limit == buf.length) {
        if (buf.length < maxLine) {
          buf = java.util.Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, maxLine));
        } else {
          int cut = segmentCut();
          set(0, cut, cut, false);
          start = cut;
          return true;
        }
      }
      if (flushBeforeWaiting != null && in.available() <= 0) {
        flushBeforeWaiting.flush();
      }
      int n = in.read(buf, limit, buf.length - limit);
      if (n < 0) {
        eof = true;
      } else {
        limit += n;
      }
    }
  }

  private void set(int from, int to, int terminatorTo, boolean terminatesLine) {
    lineStart = from;
    lineEnd = to;
    terminatorEnd = terminatorTo;
    startsLine = !inOversizedLine;
    endsLine = terminatesLine;
    inOversizedLine = !terminatesLine;
  }

  /** After the last byte that cannot be part of an address, or the whole buffer if none. */
  private int segmentCut() {
    for (int i = limit; i > limit / 2; i--) {
      if ((AddressChars.classOf(buf[i - 1]) & AddressChars.ADDRESS) == 0) {
        return i;
      }
    }
    return limit;
  }

  byte[] buffer() {
    return buf;
  }

  int lineStart() {
    return lineStart;
  }

  /** The end of the line's bytes, before its newline. */
  int lineEnd() {
    return lineEnd;
  }

  /** The end of the newline that follows the line: {@link #lineEnd()} when there is none. */
  int terminatorEnd() {
    return terminatorEnd;
  }

  /** False for the second and later segments of an oversized line. */
  boolean startsLine() {
    return startsLine;
  }

  /** False for a segment of an oversized line that goes on in the next segment. */
  boolean endsLine() {
    return endsLine;
  }
}
