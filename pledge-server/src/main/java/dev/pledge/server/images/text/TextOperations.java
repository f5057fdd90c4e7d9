package dev.pledge.server.images.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pledge.server.images.EditFailed;
import dev.pledge.server.images.EditProvider.Operation;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import dev.pledge.server.images.EditResult;
import dev.pledge.server.images.Progress;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The built-in provider's text operations, offline (the models and font ship in the jar):
 *
 * <ul>
 *   <li>{@code detect-text} — finds and reads every line; the image comes back unchanged and the
 *       lines are the first note, {@value #LINES_NOTE} followed by JSON ({@link #linesJson}):
 *       {@code {"width", "height", "lines": [{"text", "confidence", "box": [[x,y] ×4]}]}}, boxes
 *       clockwise from the top-left of the text, in the image's pixels.
 *   <li>{@code replace-text} — parameters {@code text} (the new line; empty removes the line), and
 *       which line: {@code box} (eight numbers, the corners as {@code detect-text} gave them) with
 *       {@code old} (what it said, optional: read again when absent), or {@code find} (text to look
 *       for; the first line containing it, spaces and width ignored).
 * </ul>
 */
public final class TextOperations {

  public static final String DETECT = "detect-text";
  public static final String REPLACE = "replace-text";
  public static final String LINES_NOTE = "text-lines:";
  static final int MAX_TEXT = 200;

  /** Reading costs nothing (it changes nothing); a replacement one credit, like other edits. */
  public static final Set<Operation> OPERATIONS =
      Set.of(new Operation(DETECT, "text", 0), new Operation(REPLACE, "text", 1));

  private static final ObjectMapper JSON = new ObjectMapper();

  private TextOperations() {}

  public static boolean handles(String operation) {
    return DETECT.equals(operation) || REPLACE.equals(operation);
  }

  public static EditResult run(EditRequest request, Progress progress)
      throws EditRefused, EditFailed {
    BufferedImage image = decode(request.image());
    progress.report(0.05, "images.progress.reading-text");
    TextReader reader = new TextReader(TextModels.shared());
    if (DETECT.equals(request.operation())) {
      List<TextLine> lines = reader.read(image);
      progress.report(1.0, null);
      return new EditResult(
          request.image(),
          request.contentType(),
          "builtin/detect-text (PP-OCRv4)",
          List.of(LINES_NOTE + linesJson(image.getWidth(), image.getHeight(), lines)));
    }
    if (!REPLACE.equals(request.operation())) {
      throw new EditRefused("images.refused.operation", request.operation());
    }
    String newText = request.parameters().getOrDefault("text", "").strip();
    if (newText.length() > MAX_TEXT) {
      throw new EditRefused("images.text.too-long", MAX_TEXT);
    }
    Quad box;
    String oldText;
    String boxParameter = request.parameter("box", "");
    if (!boxParameter.isEmpty()) {
      box = parseBox(boxParameter, image.getWidth(), image.getHeight());
      oldText = request.parameter("old", "");
      if (oldText.isEmpty()) {
        oldText =
            reader.read(image).stream()
                .filter(l -> overlaps(l.box(), box))
                .map(TextLine::text)
                .findFirst()
                .orElse("");
      }
    } else {
      String find = request.parameter("find", "");
      if (find.isEmpty()) {
        throw new EditRefused("images.text.which-line");
      }
      TextLine line =
          find(reader.read(image), find)
              .orElseThrow(() -> new EditRefused("images.text.not-found", find));
      box = line.box();
      oldText = line.text();
    }
    progress.report(0.6, "images.progress.replacing-text");
    TextReplacer.Replaced replaced =
        new TextReplacer(CjkFont.regular()).replace(image, box, oldText, newText);
    progress.report(0.95, null);
    String type = "image/jpeg".equals(request.contentType()) ? "image/jpeg" : "image/png";
    return new EditResult(
        encode(replaced.image(), type),
        type,
        "builtin/replace-text (PP-OCRv4, Telea inpainting, Noto Sans SC)",
        List.of());
  }

  /** The first line whose text contains {@code wanted}, spaces, case and width ignored. */
  static Optional<TextLine> find(List<TextLine> lines, String wanted) {
    String w = comparable(wanted);
    return lines.stream().filter(l -> comparable(l.text()).contains(w)).findFirst();
  }

  private static String comparable(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFKC)
        .toLowerCase(Locale.ROOT)
        .replaceAll("\\s+", "");
  }

  /** The lines as the editor reads them. */
  public static String linesJson(int width, int height, List<TextLine> lines) {
    ObjectNode root = JSON.createObjectNode();
    root.put("width", width);
    root.put("height", height);
    ArrayNode array = root.putArray("lines");
    for (TextLine line : lines) {
      ObjectNode l = array.addObject();
      l.put("text", line.text());
      l.put("confidence", Math.round(line.confidence() * 1000) / 1000.0);
      ArrayNode box = l.putArray("box");
      for (List<Integer> p : line.box().points()) {
        box.addArray().add(p.get(0)).add(p.get(1));
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Quad parseBox(String value, int width, int height) throws EditRefused {
    String[] parts = value.split("[,\\s]+");
    if (parts.length != 8) {
      throw new EditRefused("images.text.box");
    }
    float[] v = new float[8];
    for (int i = 0; i < 8; i++) {
      try {
        v[i] = Float.parseFloat(parts[i]);
      } catch (NumberFormatException e) {
        throw new EditRefused("images.text.box");
      }
      float limit = i % 2 == 0 ? width : height;
      if (!Float.isFinite(v[i]) || v[i] < 0 || v[i] > limit) {
        throw new EditRefused("images.text.box");
      }
    }
    Quad q = new Quad(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    if (q.width() < 4 || q.height() < 4) {
      throw new EditRefused("images.text.box");
    }
    return q;
  }

  private static boolean overlaps(Quad a, Quad b) {
    var ra = a.bounds(Integer.MAX_VALUE, Integer.MAX_VALUE);
    var rb = b.bounds(Integer.MAX_VALUE, Integer.MAX_VALUE);
    var i = ra.intersection(rb);
    return !i.isEmpty() && (double) i.width * i.height >= 0.5 * Math.min(area(ra), area(rb));
  }

  private static double area(java.awt.Rectangle r) {
    return (double) r.width * r.height;
  }

  private static BufferedImage decode(byte[] bytes) throws EditRefused {
    try {
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
      if (image == null) {
        throw new EditRefused("images.text.unreadable");
      }
      return image;
    } catch (IOException e) {
      throw new EditRefused("images.text.unreadable");
    }
  }

  static byte[] encode(BufferedImage image, String type) throws EditFailed {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if ("image/jpeg".equals(type)) {
        BufferedImage rgb = image;
        if (image.getColorModel().hasAlpha()) {
          rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
          rgb.getGraphics().drawImage(image, 0, 0, null);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
          writer.setOutput(stream);
          ImageWriteParam param = writer.getDefaultWriteParam();
          param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
          param.setCompressionQuality(0.92f);
          writer.write(null, new IIOImage(rgb, null, null), param);
        } finally {
          writer.dispose();
        }
      } else {
        ImageIO.write(image, "png", out);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new EditFailed("could not encode the edited image", false, e);
    }
  }
}
