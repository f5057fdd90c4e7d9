package dev.pledge.server.images.text;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Finds text boxes with the detection model: the image shrunk so its longer side is at most {@link
 * TextSettings#maxSide()} with both sides multiples of 32 (the network halves the size five times),
 * normalised with ImageNet's mean and deviation, run, and the map post-processed.
 */
final class TextDetector {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] SCALE = {1 / 0.229f, 1 / 0.224f, 1 / 0.225f};

  private final TextModels models;
  private final DbPostProcess post;

  TextDetector(TextModels models) {
    this.models = models;
    this.post = new DbPostProcess(models.settings());
  }

  List<DbPostProcess.Box> detect(Pixels image) {
    int w = image.width();
    int h = image.height();
    double ratio = Math.min(1.0, (double) models.settings().maxSide() / Math.max(w, h));
    int rw = Math.max(32, (int) Math.round(w * ratio / 32) * 32);
    int rh = Math.max(32, (int) Math.round(h * ratio / 32) * 32);
    float[] input = new float[3 * rw * rh];
    Resampler.intoPlanes(image, rw, rh, MEAN, SCALE, input, 0, rw);
    float[] map = new float[rw * rh];
    try (OnnxTensor tensor =
            OnnxTensor.createTensor(
                models.environment(), FloatBuffer.wrap(input), new long[] {1, 3, rh, rw});
        OrtSession.Result result =
            models
                .detection()
                .run(Map.of(models.detection().getInputNames().iterator().next(), tensor))) {
      ((OnnxTensor) result.get(0)).getFloatBuffer().get(map);
    } catch (OrtException e) {
      throw new IllegalStateException("text detection failed", e);
    }
    return post.boxes(map, rw, rh, w, h);
  }
}
