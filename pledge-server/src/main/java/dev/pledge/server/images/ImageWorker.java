package dev.pledge.server.images;

import dev.pledge.server.images.text.TextOperations;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The worker process (B-15): started by the server with its own memory limit, it takes edits one at
 * a time on standard input, runs the provider, checks the result like an upload (header, pixel
 * limit, structure), removes its metadata, and answers on standard output. A hostile image or a
 * runaway model can exhaust this process only: over its memory it exits ({@code
 * -XX:+ExitOnOutOfMemoryError}), over its time the server kills it, and the server lives on.
 *
 * <p>Nothing here logs: the worker's standard error is discarded by the server, and answers carry
 * no image data beyond the result.
 */
public final class ImageWorker {

  private ImageWorker() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("java.awt.headless", "true");
    DataInputStream in = new DataInputStream(new BufferedInputStream(System.in, 1 << 16));
    DataOutputStream out =
        new DataOutputStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
    // Whatever a library prints must not corrupt the frames.
    System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
    while (true) {
      byte type;
      try {
        type = WorkerProtocol.readType(in);
      } catch (EOFException e) {
        return; // the server closed our input: done
      }
      if (type != WorkerProtocol.JOB) {
        throw new IOException("expected a job, got frame " + type);
      }
      WorkerProtocol.Job job = WorkerProtocol.readHeader(in, WorkerProtocol.Job.class);
      byte[] source = WorkerProtocol.readBytes(in);
      handle(job, source, out);
    }
  }

  static void handle(WorkerProtocol.Job job, byte[] source, DataOutputStream out)
      throws IOException {
    // The acknowledgement: from here on the edit's time limit runs.
    WorkerProtocol.write(
        out, WorkerProtocol.PROGRESS, new WorkerProtocol.Step(0, "images.progress.started"));
    Progress progress =
        (fraction, message) -> {
          try {
            WorkerProtocol.write(
                out,
                WorkerProtocol.PROGRESS,
                new WorkerProtocol.Step(Math.max(0, Math.min(1, fraction)), message));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        };
    try {
      Outcome o = run(job, source, progress);
      WorkerProtocol.write(
          out,
          WorkerProtocol.RESULT,
          new WorkerProtocol.Result(
              o.contentType, o.width, o.height, o.model, o.notes, o.bytes.length, o.preview.length),
          o.bytes,
          o.preview);
    } catch (EditRefused e) {
      List<String> args = new ArrayList<>();
      for (Object a : e.arguments()) {
        args.add(String.valueOf(a));
      }
      fail(out, new WorkerProtocol.Failure("refused", e.reason(), args, false));
    } catch (EditFailed e) {
      fail(out, new WorkerProtocol.Failure("failed", e.getMessage(), List.of(), e.retryable()));
    } catch (ImageRefused e) {
      List<String> args = new ArrayList<>();
      for (Object a : e.arguments()) {
        args.add(String.valueOf(a));
      }
      fail(out, new WorkerProtocol.Failure("image", e.key(), args, false));
    } catch (RuntimeException | IOException e) {
      // The class only: messages can carry input.
      fail(
          out,
          new WorkerProtocol.Failure("failed", e.getClass().getSimpleName(), List.of(), false));
    }
  }

  private static void fail(DataOutputStream out, WorkerProtocol.Failure f) throws IOException {
    WorkerProtocol.write(out, WorkerProtocol.ERROR, f);
  }

  record Outcome(
      String contentType,
      int width,
      int height,
      String model,
      List<String> notes,
      byte[] bytes,
      byte[] preview) {}

  static Outcome run(WorkerProtocol.Job job, byte[] source, Progress progress)
      throws EditRefused, EditFailed, IOException {
    ImageLimits limits = new ImageLimits(Math.max(job.maxBytes(), source.length), job.maxPixels());
    CleanImage src = ImageInspector.clean(source, limits);
    EditProvider provider = provider(job.providerClass());
    EditRequest request =
        new EditRequest(
            src.bytes(),
            src.format().mediaType(),
            job.operation(),
            job.parameters(),
            job.prompt(),
            Locale.forLanguageTag(job.locale() == null ? "en" : job.locale()),
            ProviderSettings.of(job.settings()),
            job.maxPixels());
    if (provider instanceof BuiltInProvider && !TextOperations.handles(job.operation())) {
      // Pixels in, pixels out: decoded once here, encoded once, no second check needed. The text
      // operations (images.text) answer bytes and notes like any provider, so they go below.
      BuiltInOperations.Pixels result = BuiltInOperations.apply(src, request, progress);
      limits.checkDimensions(result.image().getWidth(), result.image().getHeight());
      progress.report(0.9, "images.progress.encoding");
      byte[] bytes = ImageCodecs.encode(result.image(), result.format());
      return outcome(result.image(), result.format(), bytes, result.model(), List.of(), job);
    }
    EditResult result = provider.run(request, progress);
    // A provider's output is checked like an upload, then decoded and encoded again: what is
    // stored is the studio's own encoding, whatever the provider sent.
    progress.report(0.9, "images.progress.checking");
    CleanImage checked =
        ImageInspector.clean(result.image(), new ImageLimits(job.maxBytes(), job.maxPixels()));
    BufferedImage pixels = ImageCodecs.decode(checked);
    byte[] bytes = ImageCodecs.encode(pixels, checked.format());
    return outcome(pixels, checked.format(), bytes, result.model(), result.notes(), job);
  }

  private static Outcome outcome(
      BufferedImage img,
      ImageFormat format,
      byte[] bytes,
      String model,
      List<String> notes,
      WorkerProtocol.Job job)
      throws IOException {
    byte[] preview = new byte[0];
    if (job.preview()) {
      preview = ImageCodecs.encode(BuiltInOperations.fit(img, 2048), ImageFormat.PNG);
    }
    return new Outcome(
        format.mediaType(), img.getWidth(), img.getHeight(), model, notes, bytes, preview);
  }

  /** Makes a provider by its no-argument constructor; only providers of this module's packages. */
  static EditProvider provider(String className) throws EditFailed {
    if (className == null || !className.startsWith("dev.pledge.server.images")) {
      throw new EditFailed("not a provider of the images module: " + className, false);
    }
    try {
      Class<?> type = Class.forName(className);
      if (!EditProvider.class.isAssignableFrom(type)) {
        throw new EditFailed(className + " is not an EditProvider", false);
      }
      Constructor<?> c = type.getDeclaredConstructor();
      c.setAccessible(true);
      return (EditProvider) c.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new EditFailed(
          className + " has no usable no-argument constructor: " + e.getClass().getSimpleName(),
          false);
    }
  }
}
