package dev.pledge.server.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the server and a worker process say to each other over the worker's standard input and
 * output: length-prefixed frames, each a JSON header and optional bytes. Settings (API keys) travel
 * here, never on a command line.
 */
final class WorkerProtocol {

  static final ObjectMapper JSON = new ObjectMapper();

  /** The most bytes one frame may carry: a bound against a confused peer. */
  static final int MAX_FRAME = 512 << 20;

  static final byte JOB = 'J';
  static final byte PROGRESS = 'P';
  static final byte RESULT = 'R';
  static final byte ERROR = 'E';

  private WorkerProtocol() {}

  /**
   * One edit for the worker.
   *
   * @param providerClass the provider's class, made by its no-argument constructor
   * @param providerId its id
   * @param sourceType the source's media type
   * @param orientation the source's EXIF orientation (JPEG)
   * @param maxPixels the plan's pixel limit for the result
   * @param maxBytes the most bytes the result may have
   * @param preview whether to return a preview for moderation (at most 2048 px)
   * @param runaway for the limits test only: spin (or allocate) until killed
   */
  record Job(
      String providerClass,
      String providerId,
      String operation,
      Map<String, String> parameters,
      String prompt,
      String locale,
      Map<String, String> settings,
      String sourceType,
      int orientation,
      long maxPixels,
      long maxBytes,
      boolean preview) {}

  /** The worker's answer with the result's bytes (and the preview's, when asked). */
  record Result(
      String contentType,
      int width,
      int height,
      String model,
      List<String> notes,
      int resultLength,
      int previewLength) {}

  /**
   * The worker's answer when the edit did not succeed.
   *
   * @param kind {@code refused} (the user's reason), {@code failed} (retryable or not), {@code
   *     image} (the result is not an image the studio takes)
   */
  record Failure(String kind, String reason, List<String> arguments, boolean retryable) {}

  record Step(double fraction, String message) {}

  static void write(DataOutputStream out, byte type, Object header, byte[]... payloads)
      throws IOException {
    byte[] json = JSON.writeValueAsBytes(header);
    synchronized (out) {
      out.writeByte(type);
      out.writeInt(json.length);
      out.write(json);
      for (byte[] p : payloads) {
        out.writeInt(p.length);
        out.write(p);
      }
      out.flush();
    }
  }

  static byte readType(DataInputStream in) throws IOException {
    int t = in.read();
    if (t < 0) {
      throw new EOFException("the worker closed its output");
    }
    return (byte) t;
  }

  static <T> T readHeader(DataInputStream in, Class<T> type) throws IOException {
    return JSON.readValue(readBytes(in), type);
  }

  static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > MAX_FRAME) {
      throw new IOException("a frame of " + n + " bytes is out of bounds");
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }
}
