package dev.pledge.server.images.text;

/**
 * How text is found and read. The defaults are PaddleOCR's for PP-OCRv4 ({@code det_db_thresh},
 * {@code det_db_box_thresh}, {@code det_db_unclip_ratio}, {@code det_limit_side_len}).
 *
 * @param threshold probability above which a pixel of the detection map counts as text
 * @param boxThreshold mean probability a box needs to be kept
 * @param unclipRatio how far a box is grown back (see {@link DbPostProcess})
 * @param maxSide the longer side an image is shrunk to before detection (multiples of 32)
 * @param maxCandidates regions looked at, at most
 * @param minConfidence recognised lines below this mean character probability are dropped
 * @param threads threads ONNX Runtime may use for one model run
 */
public record TextSettings(
    float threshold,
    float boxThreshold,
    float unclipRatio,
    int maxSide,
    int maxCandidates,
    float minConfidence,
    int threads) {

  public static TextSettings defaults() {
    return new TextSettings(
        0.3f, 0.6f, 1.5f, 960, 1000, 0.5f, Runtime.getRuntime().availableProcessors());
  }

  public TextSettings withMaxSide(int side) {
    return new TextSettings(
        threshold, boxThreshold, unclipRatio, side, maxCandidates, minConfidence, threads);
  }

  public TextSettings withThreads(int n) {
    return new TextSettings(
        threshold, boxThreshold, unclipRatio, maxSide, maxCandidates, minConfidence, n);
  }
}
