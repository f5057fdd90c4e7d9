package dev.pledge.server.images.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the text in boxes with the recognition model: each box cut out upright (turned when it is
 * much taller than wide), scaled to 48 pixels high keeping its proportions, normalised to [−1, 1],
 * and run in batches of similar widths padded to the widest (at least 320, the training width),
 * then CTC-decoded.
 */
final class TextRecognizer {

  private static final int HEIGHT = 48;
  private static final int MIN_WIDTH = 320;
  private static final int MAX_WIDTH = 48 * 50;
  private static final int BATCH = 6;
  private static final float[] MEAN = {0.5f, 0.5f, 0.5f};
  private static final float[] SCALE = {2f, 2f, 2f};

  private final TextModels models;

  TextRecognizer(TextModels models) {
    this.models = models;
  }

  List<CtcDecoder.Decoded> recognise(Pixels image, List<Quad> boxes) {
    List<Pixels> lines = new ArrayList<>();
    for (Quad box : boxes) {
      Pixels crop = image.crop(box);
      lines.add(crop.height() >= 1.5 * crop.width() ? crop.turnedAnticlockwise() : crop);
    }
    Integer[] order = new Integer[lines.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> ratio(lines.get(i))));
    CtcDecoder.Decoded[] decoded = new CtcDecoder.Decoded[lines.size()];
    for (int from = 0; from < order.length; from += BATCH) {
      int to = Math.min(order.length, from + BATCH);
      int[] widths = new int[to - from];
      int tensorW = MIN_WIDTH;
      for (int i = from; i < to; i++) {
        widths[i - from] =
            Math.min(MAX_WIDTH, Math.max(1, (int) Math.ceil(HEIGHT * ratio(lines.get(order[i])))));
        tensorW = Math.max(tensorW, widths[i - from]);
      }
      int n = to - from;
      int one = 3 * HEIGHT * tensorW;
      float[] input = new float[n * one]; // zeros: the padding PaddleOCR uses
      for (int i = 0; i < n; i++) {
        Resampler.intoPlanes(
            lines.get(order[from + i]), widths[i], HEIGHT, MEAN, SCALE, input, i * one, tensorW);
      }
      try (OnnxTensor tensor =
              OnnxTensor.createTensor(
                  models.environment(),
                  FloatBuffer.wrap(input),
                  new long[] {n, 3, HEIGHT, tensorW});
          OrtSession.Result result =
              models
                  .recognition()
                  .run(Map.of(models.recognition().getInputNames().iterator().next(), tensor))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        long[] shape = out.getInfo().getShape();
        int steps = (int) shape[1];
        int classes = (int) shape[2];
        if (classes != models.classes().size()) {
          throw new IllegalStateException(
              "the recognition model has "
                  + classes
                  + " classes, the dictionary "
                  + models.classes().size());
        }
        float[] probs = new float[n * steps * classes];
        out.getFloatBuffer().get(probs);
        for (int i = 0; i < n; i++) {
          decoded[order[from + i]] =
              CtcDecoder.decode(probs, i * steps * classes, steps, models.classes());
        }
      } catch (OrtException e) {
        throw new IllegalStateException("text recognition failed", e);
      }
    }
    return Arrays.asList(decoded);
  }

  private static double ratio(Pixels line) {
    return (double) line.width() / line.height();
  }
}
