package dev.pledge.server.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns the anonymiser's UTF-8 output back into characters for a Writer. A character split between
 * two writes waits in the buffer for its remaining bytes.
 */
final class Utf8WriterStream extends OutputStream {
  private final Writer writer;
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
  private final ByteBuffer pending = ByteBuffer.allocate(16 * 1024);
  private final CharBuffer chars = CharBuffer.allocate(16 * 1024);

  Utf8WriterStream(Writer writer) {
    this.writer = writer;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, pending.remaining());
      pending.put(b, off, n);
      off += n;
      len -= n;
      decode(false);
    }
  }

  /** Decodes what is left, including an incomplete last character, and flushes the writer. */
  void finish() throws IOException {
    decode(true);
    decoder.flush(chars);
    writeChars();
    writer.flush();
  }

  @Override
  public void flush() throws IOException {
    writer.flush();
  }

  private void decode(boolean endOfInput) throws IOException {
    pending.flip();
    while (decoder.decode(pending, chars, endOfInput).isOverflow()) {
      writeChars();
    }
    writeChars();
    pending.compact();
  }

  private void writeChars() throws IOException {
    writer.write(chars.array(), 0, chars.position());
    chars.clear();
  }
}
