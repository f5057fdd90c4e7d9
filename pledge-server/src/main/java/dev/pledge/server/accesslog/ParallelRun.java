package dev.pledge.server.accesslog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * One run of the anonymiser on several cores. The calling thread reads the input in blocks of whole
 * lines (about {@code blockSize} bytes, cut after the last newline), hands each block to a worker,
 * and writes the anonymised blocks in input order. A line depends on nothing but itself, so the
 * output is byte for byte that of the sequential run. Each worker keeps its own anonymiser state
 * (buffers, the hash cache) for the whole run; memory stays bounded by the blocks in flight.
 *
 * <p>A line longer than {@code 8 × blockSize} has no place in a block: from there on the run goes
 * on sequentially, which cuts such a line into segments without holding it whole.
 */
final class ParallelRun {

  /** One worker's anonymiser state, made once per worker thread. */
  interface Worker {
    /** Anonymises {@code [0, length)} of {@code block}, whole lines, into {@code out}. */
    void process(byte[] block, int length, BlockOutput out) throws IOException;

    RunCounters counters();
  }

  private final int threads;
  private final int blockSize;
  private final Supplier<Worker> newWorker;

  ParallelRun(int threads, int blockSize, Supplier<Worker> newWorker) {
    this.threads = threads;
    this.blockSize = blockSize;
    this.newWorker = newWorker;
  }

  /**
   * @param sequential runs the rest of the input on the calling thread, when a line is too long
   */
  RunCounters run(InputStream in, OutputStream out, Sequential sequential) throws IOException {
    List<Worker> workers = new ArrayList<>();
    ThreadLocal<Worker> mine =
        ThreadLocal.withInitial(
            () -> {
              Worker w = newWorker.get();
              synchronized (workers) {
                workers.add(w);
              }
              return w;
            });
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "anonymise");
              t.setDaemon(true);
              return t;
            });
    RunCounters total = new RunCounters();
    ArrayDeque<Future<BlockOutput>> inOrder = new ArrayDeque<>();
    // Blocks and outputs are used again once written: a million lines are some 240 blocks of
    // 1 MiB in and out, and allocating each anew cost five young collections (40 ms of pauses on
    // both cores) and the page faults of a 100 MB young generation.
    Queue<byte[]> freeBlocks = new ConcurrentLinkedQueue<>();
    Queue<BlockOutput> freeOutputs = new ConcurrentLinkedQueue<>();
    try {
      byte[] block = take(freeBlocks, blockSize + blockSize / 8);
      int length = 0;
      while (true) {
        int cut;
        boolean eof = false;
        while (true) {
          cut = lastNewline(block, length);
          if ((cut > 0 && length >= blockSize) || eof) {
            break;
          }
          if (length == block.length) {
            if (length >= 8 * blockSize) {
              break; // a line too long for a block
            }
            block = Arrays.copyOf(block, block.length * 2);
          }
          int n = in.read(block, length, block.length - length);
          if (n < 0) {
            eof = true;
          } else {
            length += n;
          }
        }
        if (cut <= 0 && !eof) {
          // Finish the blocks in flight, then the rest of the input line by line.
          drain(inOrder, out, 0, freeBlocks, freeOutputs);
          InputStream rest =
              new SequenceInputStream(new ByteArrayInputStream(block, 0, length), in);
          add(total, sequential.run(rest, out));
          break;
        }
        int end = eof ? length : cut;
        int carried = length - end;
        byte[] next = null;
        if (!eof) {
          // The start of the next block's first line, copied before this block is handed over.
          next = take(freeBlocks, Math.max(blockSize, carried) + blockSize / 8);
          System.arraycopy(block, end, next, 0, carried);
        }
        if (end > 0) {
          byte[] work = block;
          int workLength = end;
          inOrder.add(
              pool.submit(
                  () -> {
                    BlockOutput o = freeOutputs.poll();
                    if (o == null) {
                      o = new BlockOutput(workLength + workLength / 8 + 64);
                    }
                    o.input = work;
                    mine.get().process(work, workLength, o);
                    return o;
                  }));
          drain(inOrder, out, 2 * threads, freeBlocks, freeOutputs);
        }
        if (eof) {
          break;
        }
        block = next;
        length = carried;
      }
      drain(inOrder, out, 0, freeBlocks, freeOutputs);
    } finally {
      pool.shutdownNow();
    }
    synchronized (workers) {
      for (Worker w : workers) {
        add(total, w.counters());
      }
    }
    out.flush();
    return total;
  }

  /** The sequential run for the rest of the input. */
  interface Sequential {
    RunCounters run(InputStream rest, OutputStream out) throws IOException;
  }

  /** A free block of at least {@code size} bytes, or a new one. */
  private static byte[] take(Queue<byte[]> freeBlocks, int size) {
    byte[] block = freeBlocks.poll();
    return block != null && block.length >= size ? block : new byte[size];
  }

  /**
   * Writes finished blocks in order until at most {@code keep} are in flight, and frees their input
   * and output for the blocks to come.
   */
  private static void drain(
      ArrayDeque<Future<BlockOutput>> inOrder,
      OutputStream out,
      int keep,
      Queue<byte[]> freeBlocks,
      Queue<BlockOutput> freeOutputs)
      throws IOException {
    while (inOrder.size() > keep) {
      BlockOutput done;
      try {
        done = inOrder.poll().get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        if (cause instanceof UncheckedIOException u) {
          throw u.getCause();
        }
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        throw new IOException(cause);
      }
      out.write(done.bytes(), 0, done.size());
      freeBlocks.add(done.input);
      done.input = null;
      done.size = 0;
      freeOutputs.add(done);
    }
  }

  /** The end of the last newline in {@code [0, length)}, or 0 if there is none. */
  private static int lastNewline(byte[] b, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (b[i] == '\n') {
        return i + 1;
      }
    }
    return 0;
  }

  private static void add(RunCounters total, RunCounters c) {
    total.lines += c.lines;
    total.masked += c.masked;
    total.hashed += c.hashed;
    total.malformed += c.malformed;
    total.dropped += c.dropped;
    total.replaced += c.replaced;
  }

  /** A growable output for one block, read back without a copy. */
  static final class BlockOutput extends OutputStream {
    private byte[] buf;
    private int size;

    /** The block this is the output of, freed with it. */
    private byte[] input;

    BlockOutput(int capacity) {
      buf = new byte[capacity];
    }

    @Override
    public void write(int b) {
      ensure(1);
      buf[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    private void ensure(int n) {
      if (buf.length - size < n) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    byte[] bytes() {
      return buf;
    }

    int size() {
      return size;
    }
  }
}
