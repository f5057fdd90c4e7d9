package dev.pledge.server.images;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The edit workers (B-15): separate JVM processes, each with its own heap ({@code -Xmx}) that exits
 * on running out of it, each edit under a time limit after which the process is killed. A process
 * serves edits one at a time and is kept warm for the next, replaced after a number of edits, and
 * stopped when idle. The server never decodes an edit's pixels itself.
 */
@Component
class WorkerPool implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

  private final WorkerSettings settings;
  private final Semaphore slots;
  private final Deque<Worker> idle = new ArrayDeque<>();
  private final List<Worker> all = new ArrayList<>();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "image-worker-watchdog");
            t.setDaemon(true);
            return t;
          });

  WorkerPool(WorkerSettings settings) {
    this.settings = settings;
    this.slots = new Semaphore(Math.max(1, settings.processes()), true);
    watchdog.scheduleWithFixedDelay(this::stopIdle, 1, 1, TimeUnit.MINUTES);
  }

  /** What came back from a worker. */
  sealed interface Answer {}

  record Done(WorkerProtocol.Result result, byte[] image, byte[] preview) implements Answer {}

  record Failed(WorkerProtocol.Failure failure) implements Answer {}

  /** The worker died: killed over its time limit, or out of its memory, or crashed. */
  record Died(String reason) implements Answer {}

  int slots() {
    return Math.max(1, settings.processes());
  }

  /**
   * Runs one edit in a worker, waiting for a free one; {@code progress} hears the worker's steps.
   */
  Answer run(WorkerProtocol.Job job, byte[] source, BiConsumer<Double, String> progress)
      throws InterruptedException {
    slots.acquire();
    Worker w = null;
    try {
      w = take();
      return w.run(job, source, progress, settings.timeLimit());
    } catch (IOException e) {
      log.warn("An image worker could not be started: {}", e.getMessage());
      return new Died("start");
    } finally {
      if (w != null) {
        give(w);
      }
      slots.release();
    }
  }

  private synchronized Worker take() throws IOException {
    while (!idle.isEmpty()) {
      Worker w = idle.pop();
      if (w.alive()) {
        return w;
      }
      all.remove(w);
    }
    Worker w = new Worker(start());
    all.add(w);
    return w;
  }

  private synchronized void give(Worker w) {
    if (w.alive() && w.jobs < settings.jobsPerProcess()) {
      w.lastUsed = System.nanoTime();
      idle.push(w);
    } else {
      w.stop();
      all.remove(w);
    }
  }

  private synchronized void stopIdle() {
    long limit = settings.idle().toNanos();
    idle.removeIf(
        w -> {
          if (System.nanoTime() - w.lastUsed > limit) {
            w.stop();
            all.remove(w);
            return true;
          }
          return false;
        });
  }

  /** The processes of the pool that are alive now (for tests and the status). */
  synchronized List<ProcessHandle> processes() {
    return all.stream().filter(Worker::alive).map(w -> w.process.toHandle()).toList();
  }

  @Override
  public synchronized void destroy() {
    watchdog.shutdownNow();
    for (Worker w : all) {
      w.stop();
    }
    all.clear();
    idle.clear();
  }

  private Process start() throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + settings.memory());
    command.add("-Xms32m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-XX:MaxDirectMemorySize=256m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:-UsePerfData");
    command.add("-Xss1m");
    command.add("-Djava.awt.headless=true");
    command.add("-Dfile.encoding=UTF-8");
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.addAll(classPath());
    ProcessBuilder pb = new ProcessBuilder(command);
    // Standard error is dropped: a library's message could quote input. Failures come back as
    // frames, and a death as an exit.
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().clear();
    pb.environment().put("LANG", "C.UTF-8");
    return pb.start();
  }

  /**
   * The class path and main class: the server's own class path, or — run from the Spring Boot jar —
   * the jar's launcher with the worker as its main class.
   */
  static List<String> classPath() {
    String cp = System.getProperty("java.class.path");
    String main = ImageWorker.class.getName();
    if (!cp.contains(File.pathSeparator) && cp.endsWith(".jar") && bootJar(Path.of(cp))) {
      return List.of(
          "-cp",
          cp,
          "-Dloader.main=" + main,
          "org.springframework.boot.loader.launch.PropertiesLauncher");
    }
    return List.of("-cp", cp, main);
  }

  private static boolean bootJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return false;
    }
    try (JarFile j = new JarFile(jar.toFile())) {
      return j.getEntry("BOOT-INF/classes/") != null;
    } catch (IOException e) {
      return false;
    }
  }

  /** One worker process. */
  private final class Worker {
    final Process process;
    final DataOutputStream in;
    final DataInputStream out;
    int jobs;
    long lastUsed = System.nanoTime();
    volatile boolean killed;

    Worker(Process process) {
      this.process = process;
      this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
      this.out = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    boolean alive() {
      return process.isAlive() && !killed;
    }

    Answer run(
        WorkerProtocol.Job job,
        byte[] source,
        BiConsumer<Double, String> progress,
        Duration limit) {
      jobs++;
      ScheduledFuture<?> timer =
          watchdog.schedule(
              () -> {
                killed = true;
                process.destroyForcibly();
              },
              limit.toMillis(),
              TimeUnit.MILLISECONDS);
      try {
        WorkerProtocol.write(in, WorkerProtocol.JOB, job, source);
        while (true) {
          byte type = WorkerProtocol.readType(out);
          switch (type) {
            case WorkerProtocol.PROGRESS -> {
              WorkerProtocol.Step s = WorkerProtocol.readHeader(out, WorkerProtocol.Step.class);
              progress.accept(s.fraction(), s.message());
            }
            case WorkerProtocol.RESULT -> {
              WorkerProtocol.Result r = WorkerProtocol.readHeader(out, WorkerProtocol.Result.class);
              byte[] image = WorkerProtocol.readBytes(out);
              byte[] preview = WorkerProtocol.readBytes(out);
              return new Done(r, image, preview);
            }
            case WorkerProtocol.ERROR -> {
              return new Failed(WorkerProtocol.readHeader(out, WorkerProtocol.Failure.class));
            }
            default -> {
              stop();
              return new Died("protocol");
            }
          }
        }
      } catch (IOException e) {
        return died();
      } finally {
        timer.cancel(false);
      }
    }

    private Died died() {
      try {
        process.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (killed) {
        return new Died("time");
      }
      if (!process.isAlive() && process.exitValue() == 3) {
        return new Died("memory"); // -XX:+ExitOnOutOfMemoryError exits with 3
      }
      process.destroyForcibly();
      return new Died("crash");
    }

    void stop() {
      try {
        in.close();
      } catch (IOException e) {
        // closing our end of a dead pipe
      }
      process.destroy();
      try {
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
