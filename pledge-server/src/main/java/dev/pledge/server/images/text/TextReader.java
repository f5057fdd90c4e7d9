package dev.pledge.server.images.text;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds and reads the text in an image, offline: detection, then recognition of every box found.
 * Lines come in reading order (top to bottom; boxes whose vertical centres are within half a line
 * of each other count as one row, left to right).
 */
public final class TextReader {

  private final TextDetector detector;
  private final TextRecognizer recognizer;
  private final float minConfidence;

  public TextReader(TextModels models) {
    this.detector = new TextDetector(models);
    this.recognizer = new TextRecognizer(models);
    this.minConfidence = models.settings().minConfidence();
  }

  /** Every line read with at least the configured confidence. */
  public List<TextLine> read(BufferedImage image) {
    return read(Pixels.of(image));
  }

  List<TextLine> read(Pixels pixels) {
    List<Quad> boxes =
        new ArrayList<>(detector.detect(pixels).stream().map(b -> b.quad()).toList());
    boxes.sort(readingOrder(boxes));
    List<CtcDecoder.Decoded> texts = recognizer.recognise(pixels, boxes);
    List<TextLine> lines = new ArrayList<>();
    for (int i = 0; i < boxes.size(); i++) {
      CtcDecoder.Decoded d = texts.get(i);
      if (!d.text().isBlank() && d.confidence() >= minConfidence) {
        lines.add(new TextLine(d.text(), d.confidence(), boxes.get(i)));
      }
    }
    return lines;
  }

  /** Only where the text is: the detector alone (for timing and for masks). */
  public List<Quad> detect(BufferedImage image) {
    return detector.detect(Pixels.of(image)).stream().map(b -> b.quad()).toList();
  }

  private static Comparator<Quad> readingOrder(List<Quad> boxes) {
    double lineHeight = boxes.stream().mapToDouble(Quad::height).average().orElse(1) / 2;
    Comparator<Quad> byRow =
        Comparator.comparingDouble(q -> Math.floor(centreY(q) / Math.max(1, lineHeight)));
    return byRow.thenComparingDouble(Quad::x0);
  }

  private static double centreY(Quad q) {
    return (q.y0() + q.y1() + q.y2() + q.y3()) / 4;
  }
}
