package dev.pledge.server.accesslog;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Ten million lines stream through in constant memory. Time is not asserted, only memory. */
@Tag("A-06")
class LogMemoryTest {

  private static final long LINES = 10_000_000;
  private static final long MIB = 1024 * 1024;

  /** Produces lines lazily from a small pool, so the input itself needs no memory. */
  static final class GeneratedLog extends InputStream {
    private final byte[][] pool = new byte[512][];
    private final long lines;
    private long produced;
    private byte[] current;
    private int offset;

    GeneratedLog(long lines) {
      this.lines = lines;
      for (int i = 0; i < pool.length; i++) {
        String client =
            i % 5 == 0
                ? "2001:db8:" + Integer.toHexString(i) + ":1::" + Integer.toHexString(i + 7)
                : "198.51." + (i % 250) + "." + (1 + i % 254);
        pool[i] =
            (client
                    + " - - [10/Oct/2023:13:55:36 +0000] \"GET /page/"
                    + i
                    + "?ref=203.0.113."
                    + (i % 200 + 1)
                    + " HTTP/1.1\" 200 "
                    + (i * 37)
                    + " \"https://example.org/\" \"Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0.0.0\"\n")
                .getBytes(ISO_8859_1);
      }
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      int written = 0;
      while (written < len) {
        if (current == null || offset == current.length) {
          if (produced == lines) {
            break;
          }
          current = pool[(int) (produced++ % pool.length)];
          offset = 0;
        }
        int n = Math.min(len - written, current.length - offset);
        System.arraycopy(current, offset, b, off + written, n);
        offset += n;
        written += n;
      }
      return written == 0 && len > 0 ? -1 : written;
    }
  }

  /** Counts what it is given and keeps nothing. */
  static final class CountingSink extends OutputStream {
    long bytes;
    long newlines;

    @Override
    public void write(int b) {
      bytes++;
      newlines += b == '\n' ? 1 : 0;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
      for (int i = off; i < off + len; i++) {
        if (b[i] == '\n') {
          newlines++;
        }
      }
    }
  }

  @Test
  @DisplayName("A-06 ten million lines: heap and allocation stay flat, every line comes out")
  void tenMillionLinesInConstantMemory() throws IOException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    LogAnonymiser anonymiser = LogAnonymiser.builder().build();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();

    CountingSink sink = new CountingSink();
    AnonymisationTotals totals = anonymiser.anonymise(new GeneratedLog(LINES), sink);

    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    System.gc();
    long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapBefore;

    assertThat(totals.lines()).isEqualTo(LINES);
    assertThat(sink.newlines).isEqualTo(LINES);
    assertThat(totals.malformedLines()).isZero();
    // Two million client addresses plus the one in each URL.
    assertThat(totals.addressesMasked()).isEqualTo(2 * LINES);
    assertThat(heapGrowth).as("heap growth in bytes").isLessThan(64 * MIB);
    // Over 2 GB of log went through; per-line Strings would allocate far more than this.
    assertThat(allocated).as("bytes allocated while streaming").isLessThan(64 * MIB);
  }

  @Test
  @DisplayName("A-06 hash mode streams in constant memory too: its cache is fixed, its HMAC reuses")
  void hashModeInConstantMemory() throws IOException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    LogAnonymiser anonymiser = LogAnonymiser.builder().hashKey(new byte[32]).build();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    CountingSink sink = new CountingSink();
    AnonymisationTotals totals = anonymiser.anonymise(new GeneratedLog(2_000_000), sink);
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

    assertThat(totals.addressesHashed()).isEqualTo(2_000_000);
    assertThat(sink.newlines).isEqualTo(2_000_000);
    // The cache (1 MiB) and the buffers, not something per line.
    assertThat(allocated).as("bytes allocated while streaming").isLessThan(16 * MIB);
  }
}
