package dev.pledge.server.images.text;

import java.util.List;

/**
 * Greedy CTC decoding (Graves et al., 2006): the most likely class at each time step, repeats
 * merged, blanks dropped. Confidence is the mean probability of the characters kept.
 */
final class CtcDecoder {

  private CtcDecoder() {}

  record Decoded(String text, float confidence) {}

  /**
   * @param probs the softmax output of one line, {@code steps × classes}, starting at {@code
   *     offset}
   */
  static Decoded decode(float[] probs, int offset, int steps, List<String> classes) {
    int n = classes.size();
    StringBuilder text = new StringBuilder();
    double sum = 0;
    int kept = 0;
    int previous = 0;
    for (int t = 0; t < steps; t++) {
      int base = offset + t * n;
      int best = 0;
      float max = probs[base];
      for (int c = 1; c < n; c++) {
        if (probs[base + c] > max) {
          max = probs[base + c];
          best = c;
        }
      }
      if (best != 0 && best != previous) {
        text.append(classes.get(best));
        sum += max;
        kept++;
      }
      previous = best;
    }
    return new Decoded(text.toString().strip(), kept == 0 ? 0 : (float) (sum / kept));
  }
}
